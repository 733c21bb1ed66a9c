"""The isolation table: every back-office URL × every role × own or other organisation.

Inside their own organisation a role gets the page (or the redirect of a POST) or 403;
staff of another organisation get 404 on every URL, whatever their role, with the first
organisation's object ids; anonymous visitors are sent to log in. A URL added to
civicpulse.backoffice.urls without a row here fails `test_every_url_is_in_the_table`.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver

from civicpulse.backoffice import urls as backoffice_urls
from civicpulse.core.models import Role
from tests.factories import MembershipFactory

EVERYONE = frozenset(Role)
STAFF = EVERYONE - {Role.AUDITOR}
READERS = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.DEPARTMENT_HEAD, Role.VIEWER})
ADMINS = frozenset({Role.ADMINISTRATOR})
MEASURERS = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.DEPARTMENT_HEAD})
HANDLERS = frozenset({Role.ADMINISTRATOR, Role.DEPARTMENT_HEAD, Role.CASE_OFFICER})
TRIAGE = frozenset({Role.ADMINISTRATOR, Role.CASE_OFFICER})
CASEFILE_MANAGERS = frozenset({Role.ADMINISTRATOR, Role.CASE_OFFICER})


@dataclass(frozen=True)
class Page:
    name: str
    roles: frozenset  # who may use it inside the organisation
    object: str | None = None  # which object's id the URL carries (World.ids)
    get: int | None = 200  # status of a permitted GET; None: the URL takes only POST
    post: int | None = None  # status of a permitted, empty POST; None: no POST to test

    def methods(self):
        return [m for m, status in (("get", self.get), ("post", self.post)) if status]


TABLE = [
    Page("overview", EVERYONE),
    Page("organization_settings", ADMINS, post=200),
    Page("member_list", ADMINS),
    Page("member_add", ADMINS, post=200),
    Page("member_edit", ADMINS, "member", post=200),
    Page("member_remove", ADMINS, "member", post=302),
    Page("member_reinvite", ADMINS, "member", get=None, post=302),
    Page("area_list", STAFF),
    Page("area_create", ADMINS, post=200),
    Page("area_edit", ADMINS, "area", post=200),
    Page("department_list", STAFF),
    Page("department_create", ADMINS, post=200),
    Page("department_edit", ADMINS, "department", post=200),
    Page("category_list", STAFF),
    Page("category_create", ADMINS, post=200),
    Page("category_edit", ADMINS, "category", post=200),
    Page("touchpoint_list", STAFF),
    Page("touchpoint_create", ADMINS, post=200),
    Page("touchpoint_map", STAFF),
    Page("touchpoint_import", ADMINS, post=200),
    Page("touchpoint_import_confirm", ADMINS, get=302, post=302),
    Page("touchpoint_export", ADMINS),
    Page("touchpoint_detail", STAFF, "touchpoint"),
    Page("touchpoint_edit", ADMINS, "touchpoint", post=200),
    Page("touchpoint_qr_svg", STAFF, "touchpoint"),
    Page("touchpoint_qr_png", STAFF, "touchpoint"),
    Page("touchpoint_poster", STAFF, "touchpoint"),
    Page("poster_print", ADMINS, post=200),
    Page("kiosk_list", STAFF),
    Page("kiosk_create", ADMINS, post=200),
    Page("kiosk_edit", ADMINS, "kiosk", post=200),
    Page("kiosk_pairing_renew", ADMINS, "kiosk", get=None, post=302),
    Page("kiosk_revoke", ADMINS, "kiosk", post=302),
    Page("employee_list", STAFF),
    Page("employee_create", ADMINS, post=200),
    Page("employee_edit", ADMINS, "employee", post=200),
    Page("campaign_list", READERS),
    Page("campaign_create", ADMINS, post=200),
    Page("campaign_detail", READERS, "campaign"),
    Page("campaign_edit", ADMINS, "campaign", post=200),
    Page("campaign_qr_svg", READERS, "campaign"),
    Page("campaign_qr_png", READERS, "campaign"),
    Page("campaign_poster", READERS, "campaign"),
    Page("questionnaire_list", READERS),
    Page("questionnaire_detail", READERS, "questionnaire"),
    Page("questionnaire_create", ADMINS, post=200),
    Page("questionnaire_edit", ADMINS, "questionnaire", post=200),
    Page("questionnaire_preview", READERS, "questionnaire"),
    Page("questionnaire_draft_preview", ADMINS, get=None, post=200),
    Page("flagged_response_list", ADMINS),
    Page("response_restore", ADMINS, "flagged_response", get=None, post=302),
    Page("dashboard", READERS),
    Page("dashboard_live", READERS),
    Page("dashboard_responses", READERS),
    Page("dashboard_cases", READERS),
    Page("dashboard_interventions", READERS),
    Page("dashboard_drivers", READERS),
    Page("dashboard_employees", MEASURERS),
    Page("dashboard_breakdown", READERS),
    Page("dashboard_compare", READERS),
    Page("dashboard_rankings", READERS),
    Page("casefigures", STAFF),
    Page("casefigures_export", STAFF),
    Page("case_list", STAFF),
    Page("case_bulk", TRIAGE, get=None, post=302),
    Page("case_register", TRIAGE, post=200),
    Page("case_reminders", TRIAGE, get=None, post=302),
    Page("case_photo", STAFF, "case_photo"),
    Page("case_detail", STAFF, "case"),
    Page("case_route", TRIAGE, "case", get=None, post=200),
    Page("case_assign", HANDLERS, "case", get=None, post=200),
    Page("case_status", HANDLERS, "case", get=None, post=200),
    Page("case_answer", HANDLERS, "case", get=None, post=200),
    Page("case_extend", HANDLERS, "case", get=None, post=200),
    Page("case_note", HANDLERS, "case", get=None, post=200),
    Page("case_moderate", TRIAGE, "case", get=None, post=200),
    Page("casesetup_kind_list", ADMINS),
    Page("casesetup_kind_create", ADMINS, post=200),
    Page("casesetup_kind_edit", ADMINS, "case_kind", post=200),
    Page("casesetup_status_list", ADMINS),
    Page("casesetup_status_create", ADMINS, post=200),
    Page("casesetup_status_edit", ADMINS, "case_status", post=200),
    Page("casesetup_routing_list", ADMINS),
    Page("casesetup_routing_create", ADMINS, post=200),
    Page("casesetup_routing_edit", ADMINS, "routing_rule", post=200),
    Page("casesetup_routing_delete", ADMINS, "routing_rule", post=302),
    Page("casesetup_template_list", ADMINS),
    Page("casesetup_template_create", ADMINS, post=200),
    Page("casesetup_template_edit", ADMINS, "answer_template", post=200),
    Page("dashboard_times", READERS),
    Page("dashboard_map", READERS),
    Page("dashboard_comments", READERS),
    Page("dashboard_response_photo", READERS, "response_photo"),
    Page("intervention_list", READERS),
    Page("intervention_create", MEASURERS, post=200),
    Page("intervention_edit", MEASURERS, "intervention", post=200),
    Page("intervention_delete", MEASURERS, "intervention", get=None, post=302),
    Page("intervention_effect", READERS, "intervention"),
    Page("job_list", ADMINS),
    Page("job_progress", ADMINS),
    Page("job_detail", ADMINS, "job"),
    Page("job_retry", ADMINS, "job", get=None, post=302),
    Page("job_file", ADMINS, "job_with_file"),
    Page("casefile_list", STAFF),
    Page("casefile_export", STAFF),
    Page("casefile_register", CASEFILE_MANAGERS, post=200),
    Page("casefile_detail", STAFF, "casefile"),
    Page("casefile_receipt", CASEFILE_MANAGERS, "casefile"),
    Page("casefile_access_code", CASEFILE_MANAGERS, "casefile", get=None, post=302),
    Page("casefile_import", CASEFILE_MANAGERS, post=200),
    Page("casefile_import_confirm", CASEFILE_MANAGERS, get=302, post=302),
    Page("casefile_import_done", CASEFILE_MANAGERS),
    Page("casefile_import_codes", CASEFILE_MANAGERS, get=302),
    Page("casefile_figures", STAFF),
    Page("casefile_figures_export", STAFF),
    Page("casefile_service_list", STAFF),
    Page("casefile_service_create", CASEFILE_MANAGERS, post=200),
    Page("casefile_service_edit", CASEFILE_MANAGERS, "casefile_service", post=200),
    Page("api_client_list", ADMINS),
    Page("api_client_create", ADMINS, post=200),
    Page("api_client_edit", ADMINS, "api_client", post=200),
    Page("api_client_rotate", ADMINS, "api_client", get=None, post=302),
    Page("api_client_active", ADMINS, "api_client", get=None, post=302),
]
# Pages about the user's own account, outside any organisation: tested in test_accounts.py.
ACCOUNT_PAGES = {"home", "password_change", "password_set"}


def url_names(patterns, *, under_organization=False):
    """(name, sits under /<organization>/) for every named URL, walking nested includes."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            nested = under_organization or "<slug:organization>" in str(entry.pattern)
            yield from url_names(entry.url_patterns, under_organization=nested)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, under_organization


def test_every_url_is_in_the_table():
    found = dict(url_names(backoffice_urls.urlpatterns))
    listed = {page.name for page in TABLE}
    assert set(found) - listed - ACCOUNT_PAGES == set(), "add these URLs to TABLE"
    assert listed - set(found) == set(), "these rows name no URL"
    assert all(found[name] for name in listed), "every organisation page sits under it"
    assert not any(found[name] for name in ACCOUNT_PAGES)


def cases(*, with_role=True) -> list:
    return [
        pytest.param(page, method, role, id=f"{page.name}-{method}-{role or 'anonymous'}")
        for page in TABLE
        for method in page.methods()
        for role in (Role if with_role else [None])
    ]


def request(client, page, method, url):
    return client.get(url) if method == "get" else client.post(url, {})


@pytest.mark.parametrize(("page", "method", "role"), cases())
def test_own_organization(world, client, page, method, role):
    client.force_login(world.members[role])
    url = world.url(page.name, page.object)
    response = request(client, page, method, url)
    expected = getattr(page, method) if role in page.roles else 403
    assert response.status_code == expected


@pytest.mark.parametrize(("page", "method", "role"), cases())
def test_other_organization_gets_404(world, client, page, method, role):
    client.force_login(world.strangers[role])
    url = world.url(page.name, page.object)
    response = request(client, page, method, url)
    assert response.status_code == 404


@pytest.mark.parametrize(("page", "method", "role"), cases(with_role=False))
def test_anonymous_is_sent_to_log_in(world, client, page, method, role):
    url = world.url(page.name, page.object)
    response = request(client, page, method, url)
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")


OBJECT_CASES = [
    pytest.param(page, method, id=f"{page.name}-{method}")
    for page in TABLE
    if page.object
    for method in page.methods()
]


@pytest.mark.parametrize(("page", "method"), OBJECT_CASES)
def test_ids_of_one_organization_under_anothers_address_are_404(world, client, page, method):
    """Rows are fetched through the organisation in the URL: an administrator of both still
    cannot reach the first one's rows through the second one's address."""
    admin = world.members[Role.ADMINISTRATOR]
    MembershipFactory(user=admin, organization=world.other_organization, role=Role.ADMINISTRATOR)
    client.force_login(admin)
    url = world.url(page.name, page.object, organization=world.other_organization)
    assert request(client, page, method, url).status_code == 404
