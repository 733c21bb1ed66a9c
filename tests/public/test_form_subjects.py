"""Forms kept in memory: reused while nothing changes, reloaded on the first request after any
change this process made, whichever way it was made, and within TOKEN_TRUSTED_SECONDS of a
change made by another process."""

import uuid

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix
from django_scopes import scopes_disabled

from civicpulse.core.models import Organization
from civicpulse.core.models.organizations import changes_here, organization_changed
from civicpulse.feedback.models import Questionnaire, Touchpoint
from civicpulse.feedback.questionnaires import questionnaire_save_definition
from civicpulse.feedback.touchpoint_import import touchpoint_import_apply
from civicpulse.public import form_subjects
from civicpulse.public.form_subjects import (
    TOKEN_TRUSTED_SECONDS,
    form_subject,
    form_subjects_forget,
    form_subjects_preload,
    subjects,
)
from tests.clocks import hand_clock
from tests.factories import TouchpointFactory, simple_definition
from tests.public.test_campaign_form import make_campaign


@pytest.fixture
def clock(monkeypatch):
    return hand_clock(monkeypatch, form_subjects)


@pytest.fixture
def remembered(touchpoint, clock):
    form_subjects_forget()
    first = form_subject("touchpoint", touchpoint.code)
    assert first.version is not None
    return first


def test_a_remembered_form_costs_one_small_query_a_second(touchpoint, remembered, clock):
    with CaptureQueriesContext(connection) as queries:
        again = form_subject("touchpoint", touchpoint.code.lower())
        clock.now += TOKEN_TRUSTED_SECONDS / 2
        form_subject("touchpoint", touchpoint.code)
    assert again is remembered and len(queries) == 0
    clock.now += TOKEN_TRUSTED_SECONDS
    with CaptureQueriesContext(connection) as queries:
        assert form_subject("touchpoint", touchpoint.code) is remembered
        assert form_subject("touchpoint", touchpoint.code) is remembered
    assert len(queries) == 1 and "changes_token" in queries[0]["sql"]


def test_another_process_s_change_shows_within_the_trusted_time(touchpoint, remembered, clock):
    # As another server process would: a new token, and no change counted in this one.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_organization SET changes_token = %s WHERE id = %s",
            [uuid.uuid4().hex, touchpoint.organization_id],
        )
        cursor.execute(
            "UPDATE feedback_touchpoint SET is_active = %s WHERE id = %s", [False, touchpoint.pk]
        )
    assert form_subject("touchpoint", touchpoint.code) is remembered
    clock.now += TOKEN_TRUSTED_SECONDS
    fresh = form_subject("touchpoint", touchpoint.code)
    assert fresh is not remembered and not fresh.touchpoint.is_active
    with CaptureQueriesContext(connection) as queries:
        assert form_subject("touchpoint", touchpoint.code) is fresh  # its token was read with it
    assert len(queries) == 0


def test_an_unknown_code_is_none(db):
    assert form_subject("touchpoint", "NOSUCH99") is None
    assert form_subject("campaign", "NOSUCH99") is None


def test_a_renamed_or_closed_place_shows_at_once(touchpoint, remembered):
    with scopes_disabled():
        place = Touchpoint.objects.get(pk=touchpoint.pk)
        place.name_bg = "Парк „Аязмото“"
        place.is_active = False
        place.save()
    fresh = form_subject("touchpoint", touchpoint.code)
    assert fresh is not remembered
    assert fresh.touchpoint.name_bg == "Парк „Аязмото“" and not fresh.touchpoint.is_active


def test_a_changed_questionnaire_is_asked_at_once(touchpoint, remembered):
    with scopes_disabled():
        questionnaire = Questionnaire.objects.get(category=touchpoint.category)
        definition = simple_definition()
        definition["questions"].append(
            {"key": "safe", "kind": "yes_no", "text": {"bg": "Безопасно ли е?", "en": "Safe?"}}
        )
        questionnaire_save_definition(questionnaire=questionnaire, definition=definition)
    keys = [q.key for q in form_subject("touchpoint", touchpoint.code).version.question_list]
    assert keys == ["overall", "problem", "comment", "safe"]


def test_a_deactivated_organisation_shows_at_once(touchpoint, remembered):
    with scopes_disabled():
        organization = Organization.objects.get(pk=touchpoint.organization_id)
    organization.is_active = False
    organization.save(update_fields=["is_active"])
    assert not form_subject("touchpoint", touchpoint.code).organization.is_active


def test_an_old_copy_saved_late_never_brings_an_old_form_back(touchpoint, remembered):
    with scopes_disabled():
        stale = Organization.objects.get(pk=touchpoint.organization_id)
        place = Touchpoint.objects.get(pk=touchpoint.pk)
    place.is_active = False
    place.save()
    form_subject("touchpoint", touchpoint.code)  # remembered with the newest token
    stale.name_en = "Renamed"
    stale.save()  # read before the change: it must not write the token back as it was
    assert not form_subject("touchpoint", touchpoint.code).touchpoint.is_active


def test_an_imported_change_shows_at_once(organization, touchpoint, remembered, in_scope):
    header = "Code,Name (BG),Name (EN),Kind,Category,Area,Department,Latitude,Longitude,Active"
    row = (
        f"{touchpoint.code},Нов парк,New park,place,{touchpoint.category.name_bg},"
        f"{touchpoint.area.name_bg},,42.4258,25.6345,no"
    )
    plan = touchpoint_import_apply(organization=organization, text=f"{header}\n{row}\n")
    assert plan.errors == [] and plan.updated == 1
    assert not form_subject("touchpoint", touchpoint.code).touchpoint.is_active


def test_a_campaign_form_is_remembered_and_reloaded_too(organization, in_scope):
    campaign = make_campaign(organization)
    first = form_subject("campaign", campaign.code)
    assert form_subject("campaign", campaign.code) is first
    campaign.title_en = "Yearly survey"
    campaign.save()
    assert form_subject("campaign", campaign.code).campaign.title_en == "Yearly survey"


@pytest.mark.parametrize("prefix", ["/", "/feedback/"])
def test_thank_you_urls_are_the_reversed_ones_under_any_prefix(touchpoint, organization, prefix):
    campaign = make_campaign(organization)
    set_script_prefix(prefix)
    try:
        form_subjects_forget()
        for kind, code, name in [
            ("touchpoint", touchpoint.code, "public:questionnaire_thanks"),
            ("campaign", campaign.code, "public:campaign_thanks"),
        ]:
            url = form_subject(kind, code).thanks_url
            assert url == reverse(name, kwargs={"code": code})
            assert url.startswith(prefix)
    finally:
        set_script_prefix("/")


def test_places_are_loaded_before_the_workers_fork(touchpoint, organization):
    closed = TouchpointFactory(organization=organization, is_active=False)
    form_subjects_forget()
    assert form_subjects_preload() == 1
    assert ("touchpoint", closed.code.upper()) not in subjects.entries
    with CaptureQueriesContext(connection) as queries:
        subject = form_subject("touchpoint", touchpoint.code)
    assert subject.touchpoint.pk == touchpoint.pk and subject.version is not None
    assert len(queries) == 1 and "changes_token" in queries[0]["sql"]


def test_the_server_starts_even_before_the_database_is_migrated(db, monkeypatch):
    import civicpulse.wsgi

    def no_tables(*args, **kwargs):
        raise OperationalError("no such table: feedback_touchpoint")

    monkeypatch.setattr("civicpulse.public.form_subjects.form_subjects_preload", no_tables)
    civicpulse.wsgi._forms_preload()  # logs none loaded and goes on


def test_a_change_here_counts_when_made_and_again_when_committed(
    organization, django_capture_on_commit_callbacks
):
    before = changes_here()
    with django_capture_on_commit_callbacks(execute=True):
        organization_changed(organization.pk)
        made = changes_here()
    assert before != made != changes_here()
