from django_scopes import scope

from civicpulse.cases.defaults import KIND_DEFAULTS, cases_install_defaults
from civicpulse.cases.models import CaseKind, CaseStatus, Stage


def test_every_organisation_gets_the_kinds_and_a_state_for_each_stage(organization):
    cases_install_defaults(organization=organization)
    with scope(organization=organization):
        kinds = list(CaseKind.objects.values_list("slug", "answer_days"))
        stages = list(CaseStatus.objects.values_list("stage", flat=True))
    assert kinds == [(slug, 14) for slug, _bg, _en in KIND_DEFAULTS]
    assert stages == list(Stage.values)  # in the workflow's order


def test_installing_again_keeps_what_staff_changed(organization):
    cases_install_defaults(organization=organization)
    with scope(organization=organization):
        CaseKind.objects.filter(slug="question").update(name_bg="Запитване", answer_days=30)
        CaseStatus.objects.filter(stage=Stage.DUPLICATE).delete()
    cases_install_defaults(organization=organization)
    with scope(organization=organization):
        question = CaseKind.objects.get(slug="question")
        assert (question.name_bg, question.answer_days) == ("Запитване", 30)
        assert CaseKind.objects.count() == len(KIND_DEFAULTS)
        assert CaseStatus.objects.filter(stage=Stage.DUPLICATE).count() == 1
        assert CaseStatus.objects.count() == len(Stage)
