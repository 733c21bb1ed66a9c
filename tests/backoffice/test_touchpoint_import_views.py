"""Importing touchpoints in the back office: upload, preview, confirm, and every way it can go
wrong without losing the file or writing half of it."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from civicpulse.core.models import Role
from civicpulse.feedback.models import Touchpoint
from tests.factories import CategoryFactory, MembershipFactory, TouchpointFactory

HEADER = "Code,Name (BG),Name (EN),Kind,Category,Latitude,Longitude,Active\n"


def url(organization, name=""):
    return f"/manage/{organization.slug}/touchpoints/{name}"


def upload(client, organization, data: bytes, filename="touchpoints.csv"):
    return client.post(
        url(organization, "import/"),
        {"file": SimpleUploadedFile(filename, data, content_type="text/csv")},
    )


def confirm(client, organization, **data):
    return client.post(url(organization, "import/confirm/"), data)


def token_on(response) -> str:
    return response.context["pending"]["token"]


def count(organization) -> int:
    with scopes_disabled():
        return Touchpoint.objects.filter(organization=organization).count()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def parks(organization):
    return CategoryFactory(organization=organization, slug="parks", name_en="Parks")


@pytest.fixture
def english_admin(admin_client, in_english):
    return admin_client


GOOD = (HEADER + ",Парк Заимов,Zaimov Park,place,Parks,42.43,25.64,yes\n").encode()


class TestFlow:
    def test_upload_preview_confirm_then_a_summary(self, organization, parks, english_admin):
        client = english_admin
        response = upload(client, organization, GOOD)
        assert response.status_code == 302
        assert response.url == url(organization, "import/confirm/")
        preview = client.get(response.url)
        assert preview.status_code == 200
        plan = preview.context["plan"]
        assert (plan.new, plan.updated, plan.unchanged, plan.errors) == (1, 0, 0, [])
        content = preview.content.decode()
        assert "Nothing has been saved yet." in content
        assert "read as UTF-8" in content
        assert count(organization) == 0  # the preview writes nothing

        done = confirm(client, organization, token=token_on(preview), confirm="")
        assert done.status_code == 302 and done.url == url(organization)
        listed = client.get(done.url)
        assert messages_of(listed) == ["The import is done. Added: 1; updated: 0; unchanged: 0."]
        with scopes_disabled():
            park = Touchpoint.objects.get(organization=organization)
        assert (park.name_bg, park.category, str(park.latitude)) == (
            "Парк Заимов",
            parks,
            "42.430000",
        )

    def test_a_replayed_confirmation_imports_nothing_twice(
        self, organization, parks, english_admin
    ):
        client = english_admin
        upload(client, organization, GOOD)
        token = token_on(client.get(url(organization, "import/confirm/")))
        confirm(client, organization, token=token)
        again = confirm(client, organization, token=token)
        assert again.status_code == 302 and again.url == url(organization, "import/")
        assert count(organization) == 1
        assert "no file waiting" in messages_of(client.get(again.url))[-1]

    def test_a_stale_preview_is_not_confirmed(self, organization, parks, english_admin):
        """Another tab chose a second file: the first tab's button must not import it."""
        client = english_admin
        upload(client, organization, GOOD)
        old_token = token_on(client.get(url(organization, "import/confirm/")))
        upload(client, organization, GOOD.replace("Заимов".encode(), "Бедечка".encode()))
        response = confirm(client, organization, token=old_token)
        assert response.url == url(organization, "import/confirm/")
        assert count(organization) == 0
        assert "Another file was chosen" in messages_of(client.get(response.url))[0]

    def test_cancel_forgets_the_file(self, organization, parks, english_admin):
        client = english_admin
        upload(client, organization, GOOD)
        response = confirm(client, organization, cancel="")
        assert response.url == url(organization)
        assert count(organization) == 0
        assert client.get(url(organization, "import/confirm/")).status_code == 302

    def test_the_file_waits_for_its_own_organisation_only(
        self, organization, other_organization, parks, english_admin
    ):
        MembershipFactory(
            user=english_admin.user, organization=other_organization, role=Role.ADMINISTRATOR
        )
        upload(english_admin, organization, GOOD)
        response = confirm(english_admin, other_organization, token="anything")
        assert response.url == url(other_organization, "import/")
        assert count(other_organization) == 0

    def test_the_round_trip_through_the_download(self, organization, parks, english_admin):
        TouchpointFactory(organization=organization, category=parks, name_bg="Парк")
        TouchpointFactory(
            organization=organization,
            category=parks,
            name_bg="Пейка",
            latitude=None,
            longitude=None,
        )
        exported = english_admin.get(url(organization, "export.csv"))
        assert exported["Content-Type"] == "text/csv; charset=utf-8"
        assert exported.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
        data = b"".join(exported.streaming_content) if exported.streaming else exported.content
        upload(english_admin, organization, data)
        plan = english_admin.get(url(organization, "import/confirm/")).context["plan"]
        assert (plan.new, plan.updated, plan.unchanged, plan.errors) == (0, 0, 2, [])
        assert plan.ignored_columns == []

    def test_an_edited_download_updates_in_place(self, organization, parks, english_admin):
        park = TouchpointFactory(organization=organization, category=parks, name_bg="Парк")
        text = english_admin.get(url(organization, "export.csv")).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        rows[1][3] = "Renamed park"  # Name (EN)
        edited = io.StringIO()
        csv.writer(edited, delimiter=";").writerows(rows)  # as Bulgarian Excel saves it
        upload(english_admin, organization, edited.getvalue().encode("cp1251", "replace"))
        preview = english_admin.get(url(organization, "import/confirm/"))
        assert preview.context["plan"].updated == 1
        assert "Name (EN)" in preview.content.decode()  # what will change
        confirm(english_admin, organization, token=token_on(preview))
        with scopes_disabled():
            park.refresh_from_db()
        assert park.name_en == "Renamed park"


class TestBadFiles:
    @pytest.mark.parametrize(
        ("data", "message_part"),
        [
            pytest.param(b"", "The submitted file is empty.", id="empty"),
            pytest.param(HEADER.encode(), "no rows", id="header-only"),
            pytest.param(
                b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "not a text file", id="binary"
            ),
            pytest.param(b"PK\x03\x04" + b"\x00" * 40, "Excel workbook", id="xlsx"),
            pytest.param(b"a,b\n1,2\n", "No known column", id="not-touchpoints"),
            pytest.param(
                (HEADER + ",P,,,Parks,,,\n" * 5001).encode(), "more than 5,000 rows", id="rows"
            ),
            pytest.param(
                (HEADER + ",П" + "x" * 2 * 1024 * 1024 + ",,,Parks,,,\n").encode(),
                "larger than 2 MB",
                id="size",
            ),
        ],
    )
    def test_is_refused_on_the_upload_page(
        self, organization, parks, english_admin, data, message_part
    ):
        response = upload(english_admin, organization, data)
        assert response.status_code == 200
        assert message_part in " ".join(response.context["form"].errors["file"])
        assert 'aria-invalid="true"' in response.content.decode()

    def test_no_file_at_all(self, organization, english_admin):
        response = english_admin.post(url(organization, "import/"), {})
        assert response.context["form"].errors["file"] == ["This field is required."]

    def test_a_file_field_filled_with_text(self, organization, english_admin):
        response = english_admin.post(url(organization, "import/"), {"file": "not a file"})
        assert response.context["form"].errors["file"]


class TestBadRows:
    def test_the_preview_lists_line_column_and_message(
        self, organization, other_organization, parks, english_admin
    ):
        CategoryFactory(organization=other_organization, name_en="Museums")
        data = (
            HEADER
            + ",Парк,,place,Parks,42.1,25.1,yes\n"
            + ",Музей,,place,Museums,42.1,25.1,yes\n"
            + ",Парк 2,,tree,Parks,north,25.1,yes\n"
        ).encode()
        upload(english_admin, organization, data)
        preview = english_admin.get(url(organization, "import/confirm/"))
        errors = [(e.line, e.column, e.message) for e in preview.context["plan"].errors]
        assert errors == [
            (3, "Category", "Unknown category “Museums”."),
            (4, "Kind", "Write “place” or “employee”."),
            (4, "Latitude", "“north” is not a number; write e.g. 42.4258."),
        ]
        content = preview.content.decode()
        assert "Unknown category “Museums”." in content
        assert 'name="confirm"' not in content  # no button while anything is wrong

    def test_confirming_a_file_with_errors_writes_nothing(self, organization, parks, english_admin):
        upload(english_admin, organization, (HEADER + ",Парк,,,Parks,,,\n,,,,Parks,,,\n").encode())
        token = token_on(english_admin.get(url(organization, "import/confirm/")))
        response = confirm(english_admin, organization, token=token)
        assert response.url == url(organization, "import/confirm/")  # the file is still there
        assert count(organization) == 0
        assert "nothing was imported" in messages_of(english_admin.get(response.url))[0]

    def test_hostile_text_is_escaped_and_formulas_stay_text(
        self, organization, parks, english_admin
    ):
        data = (
            HEADER
            + ',"<script>alert(1)</script>",'
            + '"=HYPERLINK(""http://evil.example"")",place,Parks,,,\n'
            + ",<img src=x onerror=alert(1)>,,place,<b>Parks</b>,,,\n"
        ).encode()
        preview = english_admin.get(upload(english_admin, organization, data).url)
        content = preview.content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "<img src=x" not in content and "<b>Parks</b>" not in content
        assert "&lt;b&gt;Parks&lt;/b&gt;" in content  # the unknown category, quoted safely
        upload(english_admin, organization, data.split(b"\n,<img")[0] + b"\n")
        preview = english_admin.get(url(organization, "import/confirm/"))
        assert "kept as plain text" in preview.content.decode()
        confirm(english_admin, organization, token=token_on(preview))
        with scopes_disabled():
            stored = Touchpoint.objects.get(organization=organization)
        assert stored.name_bg == "<script>alert(1)</script>"
        assert stored.name_en == '=HYPERLINK("http://evil.example")'
        detail = english_admin.get(url(organization, f"{stored.pk}/")).content.decode()
        assert "<script>alert(1)</script>" not in detail

    def test_a_long_file_name_is_shortened_and_escaped(self, organization, parks, english_admin):
        name = "<i>" + "x" * 300 + ".csv"
        preview = english_admin.get(upload(english_admin, organization, GOOD, filename=name).url)
        assert "&lt;i&gt;" in preview.content.decode()
        assert len(preview.context["pending"]["filename"]) <= 120


def test_windows_1251_is_read_and_said(organization, parks, english_admin):
    data = "Име (BG);Категория\nПарк Бедечка;Parks\n".encode("cp1251")
    preview = english_admin.get(upload(english_admin, organization, data).url)
    assert "read as Windows-1251" in preview.content.decode()
    assert preview.context["plan"].rows[0].values["name_bg"] == "Парк Бедечка"


def test_the_list_links_to_the_map_import_and_download(organization, english_admin):
    content = english_admin.get(url(organization)).content.decode()
    for link in ("map/", "import/", "export.csv"):
        assert f'href="{url(organization, link)}' in content


def test_a_viewer_sees_the_map_link_but_not_the_import(organization, member_factory, login):
    client = login(member_factory(organization, Role.VIEWER))
    content = client.get(url(organization)).content.decode()
    assert url(organization, "map/") in content
    assert url(organization, "import/") not in content
