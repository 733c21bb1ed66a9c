"""Kiosks in the back office: list with status, create, edit, new code, revoke."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from civicpulse.core.models import Role
from civicpulse.feedback.kiosks import kiosk_create, kiosk_for_token, kiosk_pair
from civicpulse.feedback.models import Kiosk, KioskDisplay
from tests.factories import (
    MembershipFactory,
    TouchpointFactory,
    UserFactory,
    make_questionnaire,
    simple_definition,
)

CODE = re.compile(r"<code>([2-9A-Z]{4}-[2-9A-Z]{4})</code>")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def url(organization, rest=""):
    return f"/manage/{organization.slug}/kiosks/{rest}"


@pytest.fixture
def english_admin(admin_client):
    admin_client.cookies["django_language"] = "en"
    return admin_client


@pytest.fixture
def kiosk(touchpoint):
    with scope(organization=touchpoint.organization):
        made, _code = kiosk_create(
            organization=touchpoint.organization, name="Front desk", touchpoint=touchpoint
        )
    return made


def form_data(place, **changes):
    return {
        "name": "Hall kiosk",
        "touchpoint": place.pk,
        "questionnaire": "",
        "display": KioskDisplay.SMILEYS,
        "repeat_window_seconds": 5,
        "reset_seconds": 6,
        **changes,
    }


def shown_code(response) -> str:
    return CODE.search(response.content.decode()).group(1)


class TestList:
    def test_shows_each_kiosk_with_its_status_and_pairing(
        self, english_admin, organization, touchpoint, kiosk, django_assert_max_num_queries
    ):
        with scope(organization=organization):
            offline, code = kiosk_create(
                organization=organization, name="Old tablet", touchpoint=touchpoint
            )
        kiosk_pair(code=code, client_key="tests")
        with scopes_disabled():
            Kiosk.objects.filter(pk=offline.pk).update(
                last_seen_at=timezone.now() - timedelta(hours=2),
                last_response_at=timezone.now() - timedelta(hours=3),
            )
        with django_assert_max_num_queries(12):
            response = english_admin.get(url(organization))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Front desk" in page and "Awaiting pairing" in page
        assert "Old tablet" in page and "Offline" in page and "Paired since" in page
        assert touchpoint.name_en in page

    def test_staff_see_the_list_without_links_to_edit(self, client, organization, kiosk):
        user = UserFactory()
        MembershipFactory(user=user, organization=organization, role=Role.VIEWER)
        client.force_login(user)
        page = client.get(url(organization)).content.decode()
        assert "Front desk" in page and f"kiosks/{kiosk.pk}/" not in page


class TestCreateAndPair:
    def test_creating_shows_the_code_once_to_its_maker_and_it_pairs(
        self, english_admin, organization, touchpoint
    ):
        response = english_admin.post(url(organization, "add/"), form_data(touchpoint))
        with scopes_disabled():
            kiosk = Kiosk.objects.get(name="Hall kiosk")
        assert response.status_code == 302 and response.url == url(organization, f"{kiosk.pk}/")
        page = english_admin.get(response.url)
        code = shown_code(page)
        assert code.replace("-", "") not in kiosk.pairing_code
        # Another administrator does not see it: it is not stored.
        other = Client()
        user = UserFactory()
        MembershipFactory(user=user, organization=organization, role=Role.ADMINISTRATOR)
        other.force_login(user)
        assert not CODE.search(other.get(response.url).content.decode())
        # Typed on a tablet, it pairs; then it is no longer shown.
        tablet = Client()
        assert tablet.post("/k/", {"code": code}).status_code == 303
        assert not CODE.search(english_admin.get(response.url).content.decode())

    def test_a_display_that_does_not_fit_the_questionnaire_is_a_form_error(
        self, english_admin, organization
    ):
        place = TouchpointFactory(organization=organization)
        definition = simple_definition(
            questions=[{"key": "mood", "kind": "smileys", "text": {"bg": "Как?", "en": "How?"}}]
        )
        make_questionnaire(
            organization=organization, category=place.category, definition=definition
        )
        response = english_admin.post(
            url(organization, "add/"), form_data(place, display=KioskDisplay.SCALE)
        )
        assert response.status_code == 200
        assert "choose the smileys" in response.content.decode()
        with scopes_disabled():
            assert not Kiosk.objects.exists()

    @pytest.mark.parametrize(
        "changes",
        [
            {"name": ""},
            {"name": "x" * 101},
            {"reset_seconds": "abc"},
            {"reset_seconds": 0},
            {"repeat_window_seconds": -1},
            {"repeat_window_seconds": 100000},
            {"display": "<script>"},
            {"touchpoint": "999999"},
        ],
        ids=[
            "no-name",
            "long-name",
            "letters",
            "reset-0",
            "window-negative",
            "window-huge",
            "display",
            "unknown-place",
        ],
    )
    def test_bad_input_is_shown_again_with_errors(
        self, english_admin, organization, touchpoint, changes
    ):
        response = english_admin.post(url(organization, "add/"), form_data(touchpoint, **changes))
        assert response.status_code == 200 and response.context["form"].errors
        with scopes_disabled():
            assert not Kiosk.objects.exists()

    def test_another_organisations_place_is_not_a_choice(
        self, english_admin, organization, other_organization
    ):
        with scopes_disabled():
            theirs = TouchpointFactory(organization=other_organization)
        response = english_admin.post(url(organization, "add/"), form_data(theirs))
        assert response.status_code == 200 and "touchpoint" in response.context["form"].errors


class TestEditRenewRevoke:
    def test_editing_changes_the_settings_but_not_the_pairing(
        self, english_admin, organization, touchpoint, kiosk
    ):
        before = kiosk.pairing_code
        response = english_admin.post(
            url(organization, f"{kiosk.pk}/"),
            form_data(touchpoint, name="Renamed", display=KioskDisplay.SCALE, reset_seconds=9),
        )
        assert response.status_code == 302
        with scopes_disabled():
            kiosk.refresh_from_db()
        assert (kiosk.name, kiosk.display, kiosk.reset_seconds) == ("Renamed", "scale", 9)
        assert kiosk.pairing_code == before

    def test_a_new_code_replaces_the_old_and_is_shown(self, english_admin, organization, kiosk):
        before = kiosk.pairing_code
        response = english_admin.post(url(organization, f"{kiosk.pk}/pairing/"))
        assert response.status_code == 302
        code = shown_code(english_admin.get(response.url))
        with scopes_disabled():
            kiosk.refresh_from_db()
        assert kiosk.pairing_code != before
        assert kiosk_pair(code=code, client_key="tests")[0].pk == kiosk.pk

    def test_revoking_asks_first_then_unpairs_the_tablet(
        self, english_admin, organization, touchpoint
    ):
        with scope(organization=organization):
            kiosk, code = kiosk_create(
                organization=organization, name="Desk", touchpoint=touchpoint
            )
        _kiosk, token = kiosk_pair(code=code, client_key="tests")
        confirm = english_admin.get(url(organization, f"{kiosk.pk}/revoke/"))
        assert confirm.status_code == 200 and "Unpair Desk?" in confirm.content.decode()
        assert kiosk_for_token(token) is not None
        response = english_admin.post(url(organization, f"{kiosk.pk}/revoke/"))
        assert response.status_code == 302 and response.url == url(organization)
        assert kiosk_for_token(token) is None

    def test_renew_takes_only_post(self, english_admin, organization, kiosk):
        assert english_admin.get(url(organization, f"{kiosk.pk}/pairing/")).status_code == 405
