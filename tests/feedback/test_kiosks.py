"""Kiosk services: pairing once, revoking, and presses stored exactly once."""

import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.kiosks import (
    MAX_BATCH,
    PAIRING_FAILURES,
    SMILEY_SCORES_0_10,
    KioskPairingThrottled,
    PressStatus,
    kiosk_create,
    kiosk_for_token,
    kiosk_heartbeat,
    kiosk_list,
    kiosk_pair,
    kiosk_pairing_renew,
    kiosk_presses_record,
    kiosk_revoke,
    kiosk_screen,
    kiosk_update,
    pairing_code_matches,
)
from civicpulse.feedback.models import Channel, KioskDisplay, Response
from civicpulse.feedback.models.touchpoints import CODE_ALPHABET
from tests.factories import TouchpointFactory, make_questionnaire, simple_definition

CLIENT = "fingerprint-of-the-tablet"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # pairing failures are counted in the cache
    yield
    cache.clear()


@pytest.fixture
def made(touchpoint, in_scope):
    """(kiosk, its one-time code), rating `touchpoint`, with a 5 s repeat window."""
    return kiosk_create(organization=touchpoint.organization, name="Desk 1", touchpoint=touchpoint)


@pytest.fixture
def kiosk(made):
    kiosk, code = made
    kiosk, _token = kiosk_pair(code=code, client_key=CLIENT)
    return kiosk


def ms(moment) -> int:
    return int(moment.timestamp() * 1000)


def press(at, score=8, follow_up="", press_id=None):
    return {
        "id": str(press_id or uuid.uuid4()),
        "pressed_at": ms(at),
        "score": score,
        "follow_up": follow_up,
    }


def statuses(results):
    return [result.status for result in results]


def kiosk_responses(kiosk):
    return Response.objects.filter(kiosk=kiosk).order_by("submitted_at")


class TestPairing:
    def test_a_code_is_eight_unambiguous_characters_and_only_its_hash_is_stored(self, made):
        kiosk, code = made
        assert len(code) == 8 and set(code) <= set(CODE_ALPHABET)
        assert code not in kiosk.pairing_code
        assert pairing_code_matches(kiosk=kiosk, code=code)
        assert kiosk.is_awaiting_pairing and not kiosk.is_paired

    def test_a_code_pairs_once_and_only_the_tokens_hash_is_kept(self, made):
        kiosk, code = made
        paired, token = kiosk_pair(code=code, client_key=CLIENT)
        assert paired.pk == kiosk.pk and len(token) >= 40
        assert token not in paired.token_hash and paired.pairing_code == ""
        assert paired.paired_at is not None
        assert kiosk_for_token(token).pk == kiosk.pk
        with pytest.raises(RuleViolation):
            kiosk_pair(code=code, client_key=CLIENT)

    def test_the_code_may_be_typed_in_lower_case_with_a_hyphen_and_spaces(self, made):
        _kiosk, code = made
        paired, _token = kiosk_pair(code=f" {code[:4].lower()}-{code[4:]} ", client_key=CLIENT)
        assert paired.is_paired

    def test_an_expired_code_is_refused_with_a_clear_message(self, made):
        _kiosk, code = made
        later = timezone.now() + timedelta(hours=25)
        with translation.override("en"), pytest.raises(RuleViolation, match="expired"):
            kiosk_pair(code=code, client_key=CLIENT, now=later)

    @pytest.mark.parametrize(
        "code", ["", "ABC", "OOOOOOOO", "22222222", "<script>", "A" * 500], ids=str.__len__
    )
    def test_wrong_codes_are_refused(self, made, code):
        with pytest.raises(RuleViolation) as refused:
            kiosk_pair(code=code, client_key=CLIENT)
        assert refused.value.field == "code"

    def test_wrong_codes_are_limited_per_client(self, made):
        _kiosk, code = made
        for _attempt in range(PAIRING_FAILURES.most):
            with pytest.raises(RuleViolation):
                kiosk_pair(code="22222222", client_key=CLIENT)
        with pytest.raises(KioskPairingThrottled):
            kiosk_pair(code=code, client_key=CLIENT)  # even the right code, for a while
        paired, _token = kiosk_pair(code=code, client_key="another tablet")
        assert paired.is_paired

    def test_a_renewed_code_replaces_the_old_one(self, made):
        kiosk, old = made
        new = kiosk_pairing_renew(kiosk=kiosk)
        with pytest.raises(RuleViolation):
            kiosk_pair(code=old, client_key=CLIENT)
        assert kiosk_pair(code=new, client_key=CLIENT)[0].pk == kiosk.pk

    def test_pairing_another_tablet_replaces_the_first(self, made):
        kiosk, code = made
        _kiosk, first = kiosk_pair(code=code, client_key=CLIENT)
        _kiosk, second = kiosk_pair(code=kiosk_pairing_renew(kiosk=kiosk), client_key=CLIENT)
        assert kiosk_for_token(first) is None
        assert kiosk_for_token(second).pk == kiosk.pk

    def test_revoking_stops_the_token_and_any_pending_code(self, made):
        kiosk, code = made
        _kiosk, token = kiosk_pair(code=code, client_key=CLIENT)
        pending = kiosk_pairing_renew(kiosk=kiosk)
        kiosk_revoke(kiosk=kiosk)
        assert kiosk_for_token(token) is None
        with pytest.raises(RuleViolation):
            kiosk_pair(code=pending, client_key=CLIENT)
        kiosk.refresh_from_db()
        assert kiosk.revoked_at is not None and not kiosk.is_paired

    @pytest.mark.parametrize("token", [None, "", "x" * 5000, "not-a-token"], ids=repr)
    def test_unknown_tokens_find_nothing(self, kiosk, token):
        assert kiosk_for_token(token) is None

    def test_an_inactive_organisation_kiosk_is_not_found(self, made, organization):
        _kiosk, code = made
        _kiosk, token = kiosk_pair(code=code, client_key=CLIENT)
        organization.is_active = False
        organization.save()
        assert kiosk_for_token(token) is None


class TestSettings:
    def test_smileys_on_a_0_to_10_headline_are_spread_evenly(self, kiosk):
        screen = kiosk_screen(kiosk=kiosk)
        assert [c.score for c in screen.choices] == list(SMILEY_SCORES_0_10)
        with translation.override("en"):
            labels = [c.label for c in kiosk_screen(kiosk=kiosk).choices]
        assert labels[0] == "Very dissatisfied" and labels[-1] == "Very satisfied"
        assert screen.follow_up_for(0).key == "problem"
        assert screen.follow_up_for(8) is None

    def test_a_scale_display_shows_0_to_10(self, kiosk):
        kiosk.display = KioskDisplay.SCALE
        assert [c.score for c in kiosk_screen(kiosk=kiosk).choices] == list(range(11))

    def test_a_scale_display_is_refused_on_a_1_to_5_headline(self, organization, in_scope):
        definition = simple_definition(
            questions=[{"key": "mood", "kind": "smileys", "text": {"bg": "Как?", "en": "How?"}}]
        )
        place = TouchpointFactory(organization=organization)
        make_questionnaire(
            organization=organization, category=place.category, definition=definition
        )
        with pytest.raises(RuleViolation) as refused:
            kiosk_create(
                organization=organization,
                name="Desk",
                touchpoint=place,
                display=KioskDisplay.SCALE,
            )
        assert refused.value.field == "display"
        kiosk, _code = kiosk_create(organization=organization, name="Desk", touchpoint=place)
        assert [c.score for c in kiosk_screen(kiosk=kiosk).choices] == [1, 2, 3, 4, 5]

    def test_a_questionnaire_requiring_more_than_the_headline_is_refused(
        self, organization, touchpoint, in_scope
    ):
        definition = simple_definition()
        definition["questions"][2]["required"] = True  # the comment
        questionnaire = make_questionnaire(organization=organization, definition=definition)
        with pytest.raises(RuleViolation) as refused:
            kiosk_create(
                organization=organization,
                name="Desk",
                touchpoint=touchpoint,
                questionnaire=questionnaire,
            )
        assert refused.value.field == "questionnaire"

    def test_another_organisations_place_or_questionnaire_is_refused(
        self, organization, other_organization, touchpoint, in_scope
    ):
        with scopes_disabled():
            theirs = TouchpointFactory(organization=other_organization)
            their_questionnaire = make_questionnaire(organization=other_organization)
        with pytest.raises(RuleViolation):
            kiosk_create(organization=organization, name="Desk", touchpoint=theirs)
        with pytest.raises(RuleViolation):
            kiosk_create(
                organization=organization,
                name="Desk",
                touchpoint=touchpoint,
                questionnaire=their_questionnaire,
            )

    @pytest.mark.parametrize(
        ("field", "value"),
        [("repeat_window_seconds", 601), ("reset_seconds", 1), ("reset_seconds", 61)],
        ids=["window-too-long", "reset-too-short", "reset-too-long"],
    )
    def test_out_of_range_timings_are_refused(self, kiosk, field, value):
        values = {
            "name": kiosk.name,
            "touchpoint": kiosk.touchpoint,
            "questionnaire": None,
            "display": kiosk.display,
            "repeat_window_seconds": 5,
            "reset_seconds": 5,
            field: value,
        }
        with pytest.raises(RuleViolation) as refused:
            kiosk_update(kiosk=kiosk, **values)
        assert refused.value.field == field


class TestPresses:
    def test_a_press_is_stored_with_its_time_channel_and_follow_up(self, kiosk):
        at = timezone.now() - timedelta(minutes=5)
        results = kiosk_presses_record(kiosk=kiosk, presses=[press(at, 0, "dirty")])
        assert statuses(results) == [PressStatus.STORED]
        [response] = kiosk_responses(kiosk)
        assert response.channel == Channel.KIOSK and response.score == 0
        assert response.touchpoint_id == kiosk.touchpoint_id
        assert abs(response.submitted_at - at) < timedelta(milliseconds=2)
        assert [a.option.key for a in response.answers.exclude(option=None)] == ["dirty"]
        kiosk.refresh_from_db()
        assert kiosk.last_response_at == response.submitted_at
        assert kiosk.is_online

    def test_the_same_batch_sent_twice_stores_once(self, kiosk):
        now = timezone.now()
        batch = [press(now - timedelta(minutes=m), score=m) for m in (1, 2, 3)]
        first = kiosk_presses_record(kiosk=kiosk, presses=batch)
        again = kiosk_presses_record(kiosk=kiosk, presses=batch)
        assert statuses(first) == [PressStatus.STORED] * 3
        assert statuses(again) == [PressStatus.DUPLICATE] * 3
        assert [r.id for r in again] == [p["id"] for p in batch]
        assert kiosk_responses(kiosk).count() == 3

    def test_a_key_repeated_inside_one_batch_stores_once(self, kiosk):
        one = press(timezone.now() - timedelta(minutes=1))
        results = kiosk_presses_record(kiosk=kiosk, presses=[one, one])
        assert statuses(results) == [PressStatus.STORED, PressStatus.DUPLICATE]

    def test_presses_inside_the_repeat_window_are_ignored_by_press_time(self, kiosk):
        start = timezone.now() - timedelta(hours=1)
        offsets = [0, 2, 4.9, 5.5, 30]  # seconds; the window is 5 s after each stored press
        batch = [press(start + timedelta(seconds=s)) for s in offsets]
        results = kiosk_presses_record(kiosk=kiosk, presses=list(reversed(batch)))
        assert statuses(results) == list(
            reversed(
                [
                    PressStatus.STORED,
                    PressStatus.IGNORED_REPEAT,
                    PressStatus.IGNORED_REPEAT,
                    PressStatus.STORED,
                    PressStatus.STORED,
                ]
            )
        )
        # Sent again, every press gets the same judgement: nothing doubles.
        again = kiosk_presses_record(kiosk=kiosk, presses=batch)
        assert statuses(again).count(PressStatus.IGNORED_REPEAT) == 2
        assert kiosk_responses(kiosk).count() == 3

    def test_a_zero_window_keeps_every_press(self, kiosk):
        kiosk.repeat_window_seconds = 0
        kiosk.save()
        at = timezone.now() - timedelta(minutes=1)
        results = kiosk_presses_record(kiosk=kiosk, presses=[press(at), press(at)])
        assert statuses(results) == [PressStatus.STORED] * 2

    def test_times_ahead_are_clamped_and_old_ones_refused_with_a_reason(self, kiosk):
        now = timezone.now()
        future = press(now + timedelta(days=3))
        old = press(now - timedelta(days=8))
        with translation.override("en"):
            results = kiosk_presses_record(kiosk=kiosk, presses=[future, old], now=now)
        assert statuses(results) == [PressStatus.STORED, PressStatus.REFUSED]
        assert "seven days" in results[1].reason
        assert kiosk_responses(kiosk).get().submitted_at == now

    @pytest.mark.parametrize(
        "change",
        [
            {"score": 11},
            {"score": -1},
            {"score": "abc"},
            {"score": "5"},
            {"score": True},
            {"score": None},
            {"score": 2.5},
            {"id": "not-a-uuid"},
            {"id": 12},
            {"id": None},
            {"pressed_at": "yesterday"},
            {"pressed_at": None},
            {"pressed_at": 10**20},
            {"pressed_at": -1},
            {"follow_up": ["dirty"]},
            {"follow_up": "x" * 51},
        ],
        ids=lambda change: "-".join(f"{k}={v!r}"[:30] for k, v in change.items()),
    )
    def test_malformed_presses_are_refused_one_by_one(self, kiosk, change):
        good = press(timezone.now() - timedelta(minutes=1), score=10)
        bad = {**press(timezone.now() - timedelta(minutes=10)), **change}
        results = kiosk_presses_record(kiosk=kiosk, presses=[bad, good])
        assert statuses(results) == [PressStatus.REFUSED, PressStatus.STORED]
        assert results[0].reason
        assert kiosk_responses(kiosk).count() == 1

    @pytest.mark.parametrize("item", [None, 5, "press", [1, 2]], ids=repr)
    def test_items_that_are_not_objects_are_refused(self, kiosk, item):
        [result] = kiosk_presses_record(kiosk=kiosk, presses=[item])
        assert result.status == PressStatus.REFUSED and result.id is None

    def test_a_batch_larger_than_the_limit_is_refused_whole(self, kiosk):
        at = timezone.now() - timedelta(minutes=1)
        with pytest.raises(RuleViolation):
            kiosk_presses_record(kiosk=kiosk, presses=[press(at)] * (MAX_BATCH + 1))
        assert not kiosk_responses(kiosk).exists()

    def test_an_unknown_follow_up_option_keeps_the_score(self, kiosk):
        results = kiosk_presses_record(
            kiosk=kiosk, presses=[press(timezone.now(), 0, "<script>alert(1)</script>")]
        )
        assert statuses(results) == [PressStatus.STORED] and results[0].reason
        response = kiosk_responses(kiosk).get()
        assert response.score == 0 and not response.answers.exclude(option=None).exists()

    def test_a_follow_up_outside_the_score_band_is_left_out(self, kiosk):
        kiosk_presses_record(kiosk=kiosk, presses=[press(timezone.now(), 10, "dirty")])
        assert not kiosk_responses(kiosk).get().answers.exclude(option=None).exists()

    def test_a_press_sent_again_with_its_follow_up_gains_it_once(self, kiosk):
        first = press(timezone.now() - timedelta(seconds=20), score=2)
        kiosk_presses_record(kiosk=kiosk, presses=[first])
        answered = {**first, "follow_up": "broken"}
        assert statuses(kiosk_presses_record(kiosk=kiosk, presses=[answered])) == [
            PressStatus.STORED
        ]
        other = {**first, "follow_up": "dirty"}
        assert statuses(kiosk_presses_record(kiosk=kiosk, presses=[other])) == [
            PressStatus.DUPLICATE
        ]
        response = kiosk_responses(kiosk).get()
        assert [a.option.key for a in response.answers.exclude(option=None)] == ["broken"]

    def test_a_key_used_by_another_kiosk_or_organisation_is_refused(
        self, kiosk, organization, other_organization
    ):
        shared = press(timezone.now() - timedelta(minutes=1))
        kiosk_presses_record(kiosk=kiosk, presses=[shared])
        with scopes_disabled():
            theirs_place = TouchpointFactory(organization=other_organization)
            make_questionnaire(organization=other_organization, category=theirs_place.category)
        with scope(organization=other_organization):
            theirs, _code = kiosk_create(
                organization=other_organization, name="Their desk", touchpoint=theirs_place
            )
            [result] = kiosk_presses_record(kiosk=theirs, presses=[shared])
            assert result.status == PressStatus.REFUSED
            assert not Response.objects.filter(kiosk=theirs).exists()

    def test_another_organisations_token_never_finds_this_kiosk(self, kiosk, other_organization):
        with scopes_disabled():
            place = TouchpointFactory(organization=other_organization)
            make_questionnaire(organization=other_organization, category=place.category)
        with scope(organization=other_organization):
            _theirs, code = kiosk_create(
                organization=other_organization, name="Their desk", touchpoint=place
            )
        theirs, token = kiosk_pair(code=code, client_key=CLIENT)
        found = kiosk_for_token(token)
        assert found.pk == theirs.pk != kiosk.pk
        assert found.organization_id == other_organization.pk

    def test_without_a_questionnaire_every_new_press_is_refused_with_the_reason(
        self, kiosk, touchpoint
    ):
        kiosk.touchpoint.questionnaire = None
        with scopes_disabled():
            from civicpulse.feedback.models import Questionnaire

            Questionnaire.objects.filter(category=touchpoint.category).update(current_version=None)
        results = kiosk_presses_record(kiosk=kiosk, presses=[press(timezone.now())])
        assert statuses(results) == [PressStatus.REFUSED] and results[0].reason


class TestStatus:
    def test_online_means_a_heartbeat_within_three_minutes(self, kiosk):
        kiosk_heartbeat(kiosk=kiosk, now=timezone.now() - timedelta(minutes=4))
        kiosk.refresh_from_db()
        assert not kiosk.is_online
        kiosk_heartbeat(kiosk=kiosk)
        kiosk.refresh_from_db()
        assert kiosk.is_online

    def test_the_list_holds_only_the_organisations_kiosks(self, kiosk, organization):
        assert list(kiosk_list(organization=organization)) == [kiosk]
