from django.views.generic import TemplateView


class OrganizationChooserView(TemplateView):
    template_name = "backoffice/choose_organization.html"
