"""What each role may do. Views and API endpoints name one of these permissions.

Permissions are named `<area>.<action>`; a view declares `permission = "touchpoints.view"`.
"""

from civicpulse.core.models.people import Role

ADMIN = Role.ADMINISTRATOR
LEADER = Role.LEADER
HEAD = Role.DEPARTMENT_HEAD
OFFICER = Role.CASE_OFFICER
AUDITOR = Role.AUDITOR
VIEWER = Role.VIEWER

STAFF = {ADMIN, LEADER, HEAD, OFFICER, VIEWER}  # everyone inside the organisation

PERMISSIONS: dict[str, frozenset[Role]] = {
    "organization.view": frozenset(STAFF | {AUDITOR}),
    # Auditors are outsiders: they see their own assignments and nothing of the organisation.
    "organization.figures": frozenset(STAFF),
    "organization.manage": frozenset({ADMIN}),
    "members.manage": frozenset({ADMIN}),
    "structure.view": frozenset(STAFF),
    "structure.manage": frozenset({ADMIN}),
    "touchpoints.view": frozenset(STAFF),
    "touchpoints.manage": frozenset({ADMIN}),
    "kiosks.view": frozenset(STAFF),
    "kiosks.manage": frozenset({ADMIN}),
    "questionnaires.view": frozenset({ADMIN, LEADER, HEAD, VIEWER}),
    "questionnaires.manage": frozenset({ADMIN}),
    "responses.view": frozenset({ADMIN, LEADER, HEAD, VIEWER}),
    "responses.moderate": frozenset({ADMIN}),
    # The texts citizens wrote about one employee; a department head only reaches the
    # employees within their scope.
    "responses.employee_comments": frozenset({ADMIN, LEADER, HEAD}),
    "campaigns.view": frozenset({ADMIN, LEADER, HEAD, VIEWER}),
    "campaigns.manage": frozenset({ADMIN}),
    "posters.print": frozenset({ADMIN}),
    # Cases (the signals portal). Senders' personal data only for those who handle cases.
    "cases.view": frozenset({ADMIN, LEADER, HEAD, OFFICER, VIEWER}),
    "cases.personal_data": frozenset({ADMIN, HEAD, OFFICER}),
    "cases.handle": frozenset({ADMIN, HEAD, OFFICER}),  # a head within their scope
    "cases.triage": frozenset({ADMIN, OFFICER}),  # route, register by hand, bulk actions
    "cases.assign": frozenset({ADMIN, HEAD, OFFICER}),
    "cases.moderate": frozenset({ADMIN, OFFICER}),
    "cases.configure": frozenset({ADMIN}),  # kinds, states, routing rules, templates
    "casefiles.view": frozenset({ADMIN, LEADER, HEAD, OFFICER, VIEWER}),
    "casefiles.manage": frozenset({ADMIN, OFFICER}),
    "api_clients.manage": frozenset({ADMIN}),
    # What was changed at a place, to measure before and after (a head within their scope).
    "interventions.view": frozenset({ADMIN, LEADER, HEAD, VIEWER}),
    "interventions.manage": frozenset({ADMIN, LEADER, HEAD}),
    # The dashboard: a head sees their scope; employees' figures above the threshold only.
    "analytics.view": frozenset({ADMIN, LEADER, HEAD, VIEWER}),
    "analytics.employees": frozenset({ADMIN, LEADER, HEAD}),
    "jobs.view": frozenset({ADMIN}),
    "jobs.manage": frozenset({ADMIN}),
}


def role_has_permission(role: str, permission: str) -> bool:
    try:
        return role in PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"Unknown permission {permission!r}") from None
