"""The back office's sections; each shows only to roles with its permission."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    url_name: str
    label: Promise
    permission: str
    prefix: str  # URL names starting with this belong to the section


SECTIONS = (
    Section("overview", _("Overview"), "organization.view", "overview"),
    Section("dashboard", _("Dashboard"), "analytics.view", "dashboard"),
    Section("case_list", _("Cases"), "cases.view", "case_"),
    Section("casefigures", _("Cases in figures"), "cases.view", "casefigures"),
    Section("touchpoint_list", _("Touchpoints"), "touchpoints.view", "touchpoint_"),
    Section("kiosk_list", _("Kiosks"), "kiosks.view", "kiosk_"),
    Section("employee_list", _("Employees"), "touchpoints.view", "employee_"),
    Section("intervention_list", _("Interventions"), "interventions.view", "intervention_"),
    Section("campaign_list", _("Survey campaigns"), "campaigns.view", "campaign_"),
    Section("questionnaire_list", _("Questionnaires"), "questionnaires.view", "questionnaire_"),
    Section("area_list", _("Areas"), "structure.view", "area_"),
    Section("department_list", _("Departments"), "structure.view", "department_"),
    Section("category_list", _("Categories"), "structure.view", "category_"),
    Section("poster_print", _("Posters"), "posters.print", "poster_"),
    Section("casefile_list", _("Case files"), "casefiles.view", "casefile_"),
    Section(
        "flagged_response_list", _("Flagged responses"), "responses.moderate", "flagged_response"
    ),
    Section("casesetup_kind_list", _("Case set-up"), "cases.configure", "casesetup_"),
    Section("member_list", _("Members"), "members.manage", "member_"),
    Section("api_client_list", _("API clients"), "api_clients.manage", "api_client_"),
    Section("job_list", _("Background jobs"), "jobs.view", "job_"),
    Section("organization_settings", _("Settings"), "organization.manage", "organization_"),
)


def sections_for(membership, current_url_name: str | None) -> list[tuple[Section, bool]]:
    """The sections the member may open, each with whether the current page belongs to it."""
    current = current_url_name or ""
    return [
        (section, current.startswith(section.prefix))
        for section in SECTIONS
        if membership.has_permission(section.permission)
    ]
