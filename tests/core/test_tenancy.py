"""Tenancy is never optional: every model holding an organisation's data is scoped."""

import pytest
from django.apps import apps
from django_scopes import ScopeError, get_scope, scope, scopes_disabled

from civicpulse.analytics.models import RollupWatermark
from civicpulse.core.models import Area, Organization, User
from tests.factories import AreaFactory, OrganizationFactory, TouchpointFactory

# Models that are not any one organisation's data: the rollups' one watermark marks how far
# the single sequence of response ids has been read, for every organisation at once.
GLOBAL_MODELS = {Organization, User, RollupWatermark}


def project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("civicpulse.")]


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m.__name__)
def test_every_tenant_model_refuses_an_unscoped_query(model, db):
    if model in GLOBAL_MODELS:
        return
    with pytest.raises(ScopeError):
        list(model.objects.all())
    with pytest.raises(ScopeError):
        model.objects.filter(pk=1).exists()


def test_inside_a_scope_only_that_organisations_rows_are_seen(db):
    ours, theirs = OrganizationFactory(slug="ours"), OrganizationFactory(slug="theirs")
    mine = TouchpointFactory(organization=ours)
    TouchpointFactory(organization=theirs)
    with scope(organization=ours):
        from civicpulse.feedback.models import Touchpoint

        assert list(Touchpoint.objects.all()) == [mine]
        assert Touchpoint.objects.filter(code__in=Touchpoint.objects.values("code")).count() == 1


def test_related_managers_are_scoped_too(db):
    ours = OrganizationFactory(slug="ours")
    area = AreaFactory(organization=ours)
    with pytest.raises(ScopeError):
        list(area.touchpoints.all())


class TestAreaTree:
    @pytest.fixture
    def tree(self, organization, in_scope):
        region = Area.objects.create(organization=organization, name_bg="Област", kind="region")
        town = Area.objects.create(organization=organization, name_bg="Град", parent=region)
        district = Area.objects.create(organization=organization, name_bg="Квартал", parent=town)
        village = Area.objects.create(organization=organization, name_bg="Село", parent=region)
        return region, town, district, village

    def test_paths_describe_the_ancestry(self, tree):
        region, town, district, _ = tree
        assert district.path == f"/{region.pk}/{town.pk}/{district.pk}/"
        assert (region.depth, town.depth, district.depth) == (0, 1, 2)

    def test_a_subtree_is_the_area_and_everything_under_it(self, tree):
        region, town, district, village = tree
        assert set(town.subtree()) == {town, district}
        assert set(region.subtree()) == {region, town, district, village}

    def test_moving_an_area_moves_its_descendants(self, tree):
        region, town, district, village = tree
        town.parent = village
        town.save()
        district.refresh_from_db()
        assert district.path == f"/{region.pk}/{village.pk}/{town.pk}/{district.pk}/"
        assert set(village.subtree()) == {village, town, district}

    def test_an_area_cannot_go_inside_itself(self, tree):
        _, town, district, _ = tree
        town.parent = district
        with pytest.raises(ValueError, match="inside itself"):
            town.save()

    def test_a_parent_from_another_organisation_is_refused(self, tree):
        foreign = AreaFactory(organization=OrganizationFactory(slug="elsewhere"))
        _, town, _, _ = tree
        town.parent = foreign
        with pytest.raises(ValueError, match="same organisation"), scopes_disabled():
            town.save()


class TestTheMiddleware:
    """OrganizationMiddleware enters the scope once the URL is resolved and leaves it with
    the response, whatever the view did."""

    @pytest.fixture
    def handled(self, rf, organization, member_factory):
        from django.urls import resolve

        from civicpulse.core.tenancy import OrganizationMiddleware

        user = member_factory(organization)

        def handle(view, path=f"/manage/{organization.slug}/"):
            request = rf.get(path)
            request.user = user
            request.resolver_match = match = resolve(path)

            def get_response(request):
                try:
                    return middleware.process_view(request, view, match.args, match.kwargs) or view(
                        request
                    )
                except RuntimeError:
                    return "error page"

            middleware = OrganizationMiddleware(get_response)
            return request, middleware(request)

        return handle

    def test_the_view_runs_in_the_scope_which_is_left_after(self, handled, organization):
        seen = {}

        def view(request):
            seen.update(get_scope())
            return "page"

        request, response = handled(view)
        assert response == "page" and seen["organization"] == organization
        assert request.organization == organization and get_scope() == {}

    def test_the_scope_is_left_after_an_error_too(self, handled, organization):
        def failing(request):
            assert get_scope()["organization"] == organization
            raise RuntimeError("broken view")

        assert handled(failing)[1] == "error page"
        assert get_scope() == {}

    def test_a_page_without_an_organisation_gets_no_scope(self, handled):
        request, response = handled(lambda request: dict(get_scope()), path="/accounts/login/")
        assert response == {} and request.organization is None
