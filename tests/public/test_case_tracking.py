"""The sender's tracking page at /signals/track/<key>/: the whole case for its sender, never
internal notes or another case, and the sender's forms (reply, reopen request, rating)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from PIL import Image

from civicpulse.cases.filing import case_file
from civicpulse.cases.models import CaseEvent, EventAction, Stage
from civicpulse.cases.photos import case_photos_attach
from tests.cases.portal import FILING, answered, registered, staged
from tests.factories import DepartmentFactory
from tests.feedback.images import jpeg_with_gps


def track_url(case, action=""):
    return f"/signals/track/{case.tracking_key}/{action}"


def forms(page: str) -> set[str]:
    return set(re.findall(r'action="/signals/track/[^/]+/(\w+)/"', page))


@pytest.fixture
def case(portal):
    return registered(portal)


class TestThePage:
    def test_shows_the_whole_case_to_its_sender(self, client, portal, case):
        department = DepartmentFactory(organization=portal, name_bg="Дирекция Паркове")
        with scope(organization=portal):
            case.department = department
            case.save()
            case_photos_attach(
                case=case,
                uploads=[SimpleUploadedFile("a.jpg", jpeg_with_gps(), content_type="image/jpeg")],
            )
        case = answered(case, "Пейката е сменена с нова.")
        response = client.get(track_url(case))
        page = response.content.decode()
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        for shown in (case.number, case.title, case.description, "Дирекция Паркове"):
            assert shown in page
        assert "Пейката е сменена с нова." in page and "Отговорен" in page
        assert case.due_at.strftime("%d.%m.%Y") in page
        [photo_url] = set(re.findall(r'src="(/signals/track/[^"]+/photos/\d+/)"', page))
        photo = client.get(photo_url)
        assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
        with Image.open(io.BytesIO(b"".join(photo.streaming_content))) as image:
            assert not image.getexif()

    def test_no_internal_note_and_no_other_case(self, client, portal, case):
        other = registered(portal)
        with scope(organization=portal):
            other.title = "Чужд сигнал за осветлението"
            other.save()
            CaseEvent.objects.create(
                organization=portal,
                case=case,
                at=case.registered_at,
                action=EventAction.NOTE,
                text="Вътрешна бележка: подателят звъни често",
            )
            other_photo = case_photos_attach(
                case=other,
                uploads=[SimpleUploadedFile("b.jpg", jpeg_with_gps(), content_type="image/jpeg")],
            )[0]
        page = client.get(track_url(case)).content.decode()
        assert "Вътрешна бележка" not in page and "Internal note" not in page
        assert "Чужд сигнал" not in page and other.number not in page
        assert client.get(track_url(case, f"photos/{other_photo.pk}/")).status_code == 404

    def test_an_unknown_key_or_a_draft_is_not_found(self, client, portal):
        draft = case_file(organization=portal, **FILING)
        assert client.get(track_url(draft)).status_code == 404
        assert client.get("/signals/track/no-such-key/").status_code == 404
        assert client.post("/signals/track/no-such-key/reply/", {"reply": "x"}).status_code == 404

    def test_the_sender_s_forms_follow_the_case(self, client, case):
        assert forms(client.get(track_url(case)).content.decode()) == {"reply"}
        case = answered(case)
        assert forms(client.get(track_url(case)).content.decode()) == {"reply", "reopen", "rate"}
        case = staged(case, Stage.CLOSED)
        assert forms(client.get(track_url(case)).content.decode()) == {"reopen", "rate"}
        case = staged(case, Stage.REJECTED)
        assert forms(client.get(track_url(case)).content.decode()) == set()

    def test_the_rating_is_a_fieldset_of_five_radio_buttons(self, client, case):
        page = client.get(track_url(answered(case))).content.decode()
        rating = page[page.index('action="' + track_url(case, "rate/")) :]
        rating = rating[: rating.index("</form>")]
        assert "<fieldset" in rating and "<legend>" in rating
        assert re.findall(r'type="radio" id="rating-(\d)"', rating) == list("12345")


class TestTheSendersForms:
    def test_a_reply_with_a_photo_is_shown_in_the_history(self, client, case):
        photo = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
        response = client.post(
            track_url(case, "reply/"), {"reply": "Ето още.", "reply_photo": photo}
        )
        assert response.status_code == 303 and response.url.endswith("?done=reply#done")
        page = client.get(response.url).content.decode()
        assert 'id="done"' in page and "Ето още." in page
        history = page[page.index('class="case-history"') :]
        assert re.search(r'<img src="/signals/track/[^"]+/photos/\d+/"', history)

    @pytest.mark.parametrize(
        ("action", "fields", "field"),
        [
            ("reply/", {"reply": ""}, "reply"),
            ("reply/", {"reply": "<script>alert(1)</script>" + "д" * 5000}, "reply"),
            ("rate/", {"rating": "7"}, "rating"),
            ("rate/", {}, "rating"),
            ("reopen/", {"reason": "Не е решено."}, "reason"),  # before an answer
        ],
        ids=["empty-reply", "long-reply", "rating-7", "no-rating", "reopen-too-early"],
    )
    def test_bad_input_comes_back_with_a_message_and_the_text(
        self, client, case, action, fields, field
    ):
        response = client.post(track_url(case, action), fields)
        page = response.content.decode()
        assert response.status_code == 400
        assert 'class="errors" role="alert"' in page and f'href="#{field}"' in page
        assert "<script>alert" not in page
        if fields.get("reply"):
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" + "д" * 5000 + "</textarea>" in page
        with scope(organization=case.organization):
            assert (
                not case.events.filter(is_public=True)
                .exclude(action=EventAction.REGISTERED)
                .exists()
            )

    def test_a_fake_reply_photo_is_refused_next_to_its_field(self, client, case):
        fake = SimpleUploadedFile("p.jpg", b"text", content_type="image/jpeg")
        response = client.post(track_url(case, "reply/"), {"reply": "Ето.", "reply_photo": fake})
        page = response.content.decode()
        assert response.status_code == 400 and 'id="reply_photo-error"' in page
        assert ">Ето.</textarea>" in page

    def test_reopen_and_rate_after_an_answer(self, client, case):
        case = answered(case)
        assert client.post(track_url(case, "rate/"), {"rating": "3"}).status_code == 303
        page = client.get(track_url(case)).content.decode()
        assert 'value="3" checked' in page
        reopened = client.post(track_url(case, "reopen/"), {"reason": "Не е решено."})
        assert reopened.status_code == 303
        page = client.get(track_url(case)).content.decode()
        assert "Не е решено." in page and "reopen" not in forms(page)
