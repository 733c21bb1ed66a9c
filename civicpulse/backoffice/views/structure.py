"""Areas, departments and categories: every member of staff reads them, administrators edit."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, TemplateView, UpdateView

from civicpulse.backoffice.forms.structure import AreaForm, CategoryForm, DepartmentForm
from civicpulse.backoffice.views.base import (
    OrganizationPermissionMixin,
    OrganizationRowFormMixin,
)


class StructureFormMixin(OrganizationRowFormMixin):
    permission = "structure.manage"


class StructureListView(OrganizationPermissionMixin, TemplateView):
    """The organisation's rows of one kind, each with how many touchpoints it has."""

    permission = "structure.view"
    related_name = ""
    ordering = ()

    def rows(self):
        rows = getattr(self.organization, self.related_name)
        return rows.annotate(touchpoint_count=Count("touchpoints")).order_by(*self.ordering, "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=self.rows(), **kwargs)


class AreaListView(StructureListView):
    template_name = "backoffice/structure/area_list.html"
    related_name = "areas"
    ordering = ("path",)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tree=area_tree(self.rows()), **kwargs)


def area_tree(areas) -> list[dict]:
    """Nested nodes {"area", "children"} from areas ordered by path (parents first)."""
    nodes, roots = {}, []
    for area in areas:
        node = nodes[area.pk] = {"area": area, "children": []}
        parent = nodes.get(area.parent_id)
        (parent["children"] if parent else roots).append(node)
    return roots


class AreaFormMixin(StructureFormMixin):
    form_class = AreaForm
    related_name = "areas"
    list_url_name = "backoffice:area_list"
    success_message = _("The area %(name)s has been saved.")


class AreaCreateView(AreaFormMixin, CreateView):
    title = _("New area")


class AreaEditView(AreaFormMixin, UpdateView):
    title = _("Edit area")


class DepartmentListView(StructureListView):
    template_name = "backoffice/structure/department_list.html"
    related_name = "departments"
    ordering = ("name_bg",)


class DepartmentFormMixin(StructureFormMixin):
    form_class = DepartmentForm
    related_name = "departments"
    list_url_name = "backoffice:department_list"
    success_message = _("The department %(name)s has been saved.")


class DepartmentCreateView(DepartmentFormMixin, CreateView):
    title = _("New department")


class DepartmentEditView(DepartmentFormMixin, UpdateView):
    title = _("Edit department")


class CategoryListView(StructureListView):
    template_name = "backoffice/structure/category_list.html"
    related_name = "categories"
    ordering = ("position", "name_bg")


class CategoryFormMixin(StructureFormMixin):
    form_class = CategoryForm
    related_name = "categories"
    list_url_name = "backoffice:category_list"
    success_message = _("The category %(name)s has been saved.")


class CategoryCreateView(CategoryFormMixin, CreateView):
    title = _("New category")


class CategoryEditView(CategoryFormMixin, UpdateView):
    title = _("Edit category")
