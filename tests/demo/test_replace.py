from django_scopes import scopes_disabled

from civicpulse.core.models import Organization
from civicpulse.feedback.models import Response, Touchpoint
from tests.demo.commands import seed_demo
from tests.factories import OrganizationFactory

TINY = [
    "--responses", "200", "--touchpoints", "15", "--employees", "3",
    "--second-org-touchpoints", "12", "--second-org-responses", "50",
]  # fmt: skip


def codes() -> list[str]:
    with scopes_disabled():
        return sorted(Touchpoint.objects.values_list("code", flat=True))


def test_replace_loads_the_same_demo_again_and_spares_other_organisations(db):
    OrganizationFactory(slug="airports")
    seed_demo(*TINY)
    first = codes()
    seed_demo("--replace", *TINY)
    assert codes() == first  # stickers printed from the demo stay valid
    with scopes_disabled():
        assert Response.objects.count() == 250
        assert Organization.objects.filter(slug="airports").exists()


def test_if_empty_skips_any_non_empty_database(db):
    OrganizationFactory(slug="airports")
    output = seed_demo("--if-empty", *TINY)
    assert "not loaded" in output
    assert "No demo accounts" in output
    assert codes() == []
