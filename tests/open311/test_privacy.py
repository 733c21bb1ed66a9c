"""No Open311 response ever shows a sender's personal data, nor a case the register does
not publish (a draft, a private or a hidden one), nor another jurisdiction's case: every
resource, in both formats, is read with cases of every kind of publication in place."""

import pytest
from django_scopes import scopes_disabled

from civicpulse.cases.models import Case, CasePhoto, Publication, Source, Stage
from tests.open311.conftest import SENDER

BASE = "/open311/v2"


@pytest.fixture
def register(portal, other_portal, roads, make_case):
    named = make_case(
        portal,
        category=roads,
        publication=Publication.NAMED,
        source=Source.OPEN311,
        stage=Stage.ANSWERED,
        answer="Ремонтирано.",
    )
    anonymous = make_case(portal, category=roads, publication=Publication.ANONYMOUS)
    unseen = {
        "private": make_case(
            portal,
            category=roads,
            publication=Publication.PRIVATE,
            title="Частен сигнал",
            description="Частен сигнал",
        ),
        "hidden": make_case(
            portal, category=roads, is_hidden=True, title="Скрит сигнал", description="Скрит сигнал"
        ),
        "draft": make_case(
            portal,
            category=roads,
            title="Непотвърден сигнал",
            description="Непотвърден сигнал",
            source=Source.OPEN311,
        ),
        "theirs": make_case(
            other_portal, title="Сигнал в Кюстендил", description="Сигнал в Кюстендил"
        ),
    }
    with scopes_disabled():
        Case.objects.filter(pk=unseen["draft"].pk).update(registered_at=None)
        CasePhoto.objects.create(
            organization=portal, case=named, image="cases/face.jpg", is_hidden=True
        )
    return {"shown": [named, anonymous], "unseen": unseen}


def open311_urls(portal, register) -> list[str]:
    shown = register["shown"]
    unseen = register["unseen"]
    paths = ["discovery", "services", "services/roads", "requests"]
    paths += [f"requests/{case.number}" for case in shown]
    paths += [f"tokens/{case.request_token}" for case in shown]
    paths += [f"requests/{case.number}" for case in unseen.values()]
    paths += [f"tokens/{unseen['draft'].request_token}"]
    every = ",".join(case.number for case in [*shown, *unseen.values()])
    urls = []
    for format in ("json", "xml"):
        for path in paths:
            urls.append(f"{BASE}/{path}.{format}?jurisdiction_id={portal.slug}")
        urls.append(
            f"{BASE}/requests.{format}?jurisdiction_id={portal.slug}&service_request_id={every}"
        )
        urls.append(f"{BASE}/requests.{format}?jurisdiction_id={portal.slug}&status=open,closed")
    return urls


def test_no_personal_data_and_nothing_unpublished_anywhere(client, portal, register):
    secrets = [
        *SENDER.values(),
        *SENDER["sender_name"].split(),
        SENDER["sender_email"].split("@")[0],
        "765 4321",
        "face.jpg",
    ]
    for case in [*register["shown"], *register["unseen"].values()]:
        secrets.append(case.tracking_key)
    for name, case in register["unseen"].items():
        if name != "draft":  # a draft has no number yet
            secrets.append(case.number)
        secrets.append(case.title)
    urls = open311_urls(portal, register)
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.content.decode()
        for secret in secrets:
            if secret not in url:  # an error may repeat what was asked for
                assert secret not in body, (url, secret)
    shown = client.get(f"{BASE}/requests.json?jurisdiction_id={portal.slug}").json()
    assert {r["service_request_id"] for r in shown} == {c.number for c in register["shown"]}
