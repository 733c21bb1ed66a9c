"""Back-office URLs. Every page about an organisation sits under <organization>/, where the
middleware checks membership; tests/backoffice/test_isolation.py must list each name here."""

from django.urls import include, path

from civicpulse.backoffice.casefile_urls import casefile_patterns
from civicpulse.backoffice.views import (
    accounts,
    campaigns,
    case_figures,
    case_setup,
    cases,
    dashboard,
    dashboard_breakdown,
    dashboard_cases,
    dashboard_comments,
    dashboard_compare,
    dashboard_drivers,
    dashboard_employees,
    dashboard_interventions,
    dashboard_map,
    dashboard_overview,
    dashboard_rankings,
    dashboard_times,
    employees,
    home,
    interventions,
    jobs,
    kiosks,
    members,
    organization,
    posters,
    questionnaires,
    responses,
    structure,
    touchpoint_import,
    touchpoint_map,
    touchpoints,
)

app_name = "backoffice"

organization_patterns = [
    path("", home.OverviewView.as_view(), name="overview"),
    path(
        "settings/",
        organization.OrganizationSettingsView.as_view(),
        name="organization_settings",
    ),
    path("members/", members.MemberListView.as_view(), name="member_list"),
    path("members/add/", members.MemberAddView.as_view(), name="member_add"),
    path("members/<int:pk>/", members.MemberEditView.as_view(), name="member_edit"),
    path("members/<int:pk>/remove/", members.MemberRemoveView.as_view(), name="member_remove"),
    path(
        "members/<int:pk>/reinvite/",
        members.MemberReinviteView.as_view(),
        name="member_reinvite",
    ),
    path("areas/", structure.AreaListView.as_view(), name="area_list"),
    path("areas/add/", structure.AreaCreateView.as_view(), name="area_create"),
    path("areas/<int:pk>/", structure.AreaEditView.as_view(), name="area_edit"),
    path("departments/", structure.DepartmentListView.as_view(), name="department_list"),
    path("departments/add/", structure.DepartmentCreateView.as_view(), name="department_create"),
    path("departments/<int:pk>/", structure.DepartmentEditView.as_view(), name="department_edit"),
    path("categories/", structure.CategoryListView.as_view(), name="category_list"),
    path("categories/add/", structure.CategoryCreateView.as_view(), name="category_create"),
    path("categories/<int:pk>/", structure.CategoryEditView.as_view(), name="category_edit"),
    path("touchpoints/", touchpoints.TouchpointListView.as_view(), name="touchpoint_list"),
    path("touchpoints/add/", touchpoints.TouchpointCreateView.as_view(), name="touchpoint_create"),
    path("touchpoints/map/", touchpoint_map.TouchpointMapView.as_view(), name="touchpoint_map"),
    path(
        "touchpoints/import/",
        touchpoint_import.TouchpointImportView.as_view(),
        name="touchpoint_import",
    ),
    path(
        "touchpoints/import/confirm/",
        touchpoint_import.TouchpointImportConfirmView.as_view(),
        name="touchpoint_import_confirm",
    ),
    path(
        "touchpoints/export.csv",
        touchpoint_import.TouchpointExportView.as_view(),
        name="touchpoint_export",
    ),
    path(
        "touchpoints/<int:pk>/",
        touchpoints.TouchpointDetailView.as_view(),
        name="touchpoint_detail",
    ),
    path(
        "touchpoints/<int:pk>/edit/",
        touchpoints.TouchpointEditView.as_view(),
        name="touchpoint_edit",
    ),
    path(
        "touchpoints/<int:pk>/qr.svg",
        posters.TouchpointQrSvgView.as_view(),
        name="touchpoint_qr_svg",
    ),
    path(
        "touchpoints/<int:pk>/qr.png",
        posters.TouchpointQrPngView.as_view(),
        name="touchpoint_qr_png",
    ),
    path(
        "touchpoints/<int:pk>/poster.pdf",
        posters.TouchpointPosterView.as_view(),
        name="touchpoint_poster",
    ),
    path("posters/", posters.PosterPrintView.as_view(), name="poster_print"),
    path("kiosks/", kiosks.KioskListView.as_view(), name="kiosk_list"),
    path("kiosks/add/", kiosks.KioskCreateView.as_view(), name="kiosk_create"),
    path("kiosks/<int:pk>/", kiosks.KioskEditView.as_view(), name="kiosk_edit"),
    path(
        "kiosks/<int:pk>/pairing/",
        kiosks.KioskPairingRenewView.as_view(),
        name="kiosk_pairing_renew",
    ),
    path("kiosks/<int:pk>/revoke/", kiosks.KioskRevokeView.as_view(), name="kiosk_revoke"),
    path("employees/", employees.EmployeeListView.as_view(), name="employee_list"),
    path("employees/add/", employees.EmployeeCreateView.as_view(), name="employee_create"),
    path("employees/<int:pk>/edit/", employees.EmployeeEditView.as_view(), name="employee_edit"),
    path("campaigns/", campaigns.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/add/", campaigns.CampaignCreateView.as_view(), name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.CampaignDetailView.as_view(), name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.CampaignEditView.as_view(), name="campaign_edit"),
    path(
        "campaigns/<int:pk>/qr.svg", campaigns.CampaignQrSvgView.as_view(), name="campaign_qr_svg"
    ),
    path(
        "campaigns/<int:pk>/qr.png", campaigns.CampaignQrPngView.as_view(), name="campaign_qr_png"
    ),
    path(
        "campaigns/<int:pk>/poster.pdf",
        campaigns.CampaignPosterView.as_view(),
        name="campaign_poster",
    ),
    path(
        "questionnaires/",
        questionnaires.QuestionnaireListView.as_view(),
        name="questionnaire_list",
    ),
    path(
        "questionnaires/<int:pk>/",
        questionnaires.QuestionnaireDetailView.as_view(),
        name="questionnaire_detail",
    ),
    path(
        "questionnaires/add/",
        questionnaires.QuestionnaireCreateView.as_view(),
        name="questionnaire_create",
    ),
    path(
        "questionnaires/<int:pk>/edit/",
        questionnaires.QuestionnaireEditView.as_view(),
        name="questionnaire_edit",
    ),
    path(
        "questionnaires/<int:pk>/preview/",
        questionnaires.QuestionnairePreviewView.as_view(),
        name="questionnaire_preview",
    ),
    path(
        "questionnaires/preview/",
        questionnaires.QuestionnaireDraftPreviewView.as_view(),
        name="questionnaire_draft_preview",
    ),
    path(
        "responses/flagged/",
        responses.FlaggedResponseListView.as_view(),
        name="flagged_response_list",
    ),
    path(
        "responses/<int:pk>/restore/",
        responses.ResponseRestoreView.as_view(),
        name="response_restore",
    ),
    path("dashboard/", dashboard_overview.DashboardView.as_view(), name="dashboard"),
    path("dashboard/live/", dashboard.DashboardLiveView.as_view(), name="dashboard_live"),
    path(
        "dashboard/responses/",
        dashboard.DashboardResponsesExportView.as_view(),
        name="dashboard_responses",
    ),
    path("dashboard/cases/", dashboard_cases.DashboardCasesView.as_view(), name="dashboard_cases"),
    path("dashboard/time/", dashboard_times.DashboardTimesView.as_view(), name="dashboard_times"),
    path("dashboard/map/", dashboard_map.DashboardMapView.as_view(), name="dashboard_map"),
    path(
        "dashboard/comments/",
        dashboard_comments.DashboardCommentsView.as_view(),
        name="dashboard_comments",
    ),
    path(
        "dashboard/responses/<int:pk>/photo/",
        dashboard_comments.ResponsePhotoView.as_view(),
        name="dashboard_response_photo",
    ),
    path(
        "dashboard/interventions/",
        dashboard_interventions.DashboardInterventionsView.as_view(),
        name="dashboard_interventions",
    ),
    path(
        "dashboard/drivers/",
        dashboard_drivers.DashboardDriversView.as_view(),
        name="dashboard_drivers",
    ),
    path(
        "dashboard/employees/",
        dashboard_employees.DashboardEmployeesView.as_view(),
        name="dashboard_employees",
    ),
    path(
        "dashboard/breakdowns/",
        dashboard_breakdown.DashboardBreakdownView.as_view(),
        name="dashboard_breakdown",
    ),
    path(
        "dashboard/compare/",
        dashboard_compare.DashboardCompareView.as_view(),
        name="dashboard_compare",
    ),
    path(
        "dashboard/rankings/",
        dashboard_rankings.DashboardRankingsView.as_view(),
        name="dashboard_rankings",
    ),
    path("cases/figures/", case_figures.CaseFiguresView.as_view(), name="casefigures"),
    path(
        "cases/figures.csv",
        case_figures.CaseFiguresExportView.as_view(),
        name="casefigures_export",
    ),
    # Cases: the officers' queues and one case's page with its actions.
    path("cases/", cases.CaseListView.as_view(), name="case_list"),
    path("cases/bulk/", cases.CaseBulkView.as_view(), name="case_bulk"),
    path("cases/register/", cases.CaseRegisterView.as_view(), name="case_register"),
    path("cases/reminders/", cases.CaseRemindersView.as_view(), name="case_reminders"),
    path("cases/photos/<int:pk>/", cases.CasePhotoView.as_view(), name="case_photo"),
    path("cases/<int:pk>/", cases.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/route/", cases.CaseRouteView.as_view(), name="case_route"),
    path("cases/<int:pk>/assign/", cases.CaseAssignView.as_view(), name="case_assign"),
    path("cases/<int:pk>/state/", cases.CaseStatusView.as_view(), name="case_status"),
    path("cases/<int:pk>/answer/", cases.CaseAnswerView.as_view(), name="case_answer"),
    path("cases/<int:pk>/extend/", cases.CaseExtendView.as_view(), name="case_extend"),
    path("cases/<int:pk>/note/", cases.CaseNoteView.as_view(), name="case_note"),
    path("cases/<int:pk>/moderate/", cases.CaseModerateView.as_view(), name="case_moderate"),
    # The signals portal's set-up: kinds, states, routing rules, answer templates.
    path("cases/kinds/", case_setup.CaseKindListView.as_view(), name="casesetup_kind_list"),
    path("cases/kinds/add/", case_setup.CaseKindCreateView.as_view(), name="casesetup_kind_create"),
    path(
        "cases/kinds/<int:pk>/", case_setup.CaseKindEditView.as_view(), name="casesetup_kind_edit"
    ),
    path("cases/states/", case_setup.CaseStatusListView.as_view(), name="casesetup_status_list"),
    path(
        "cases/states/add/",
        case_setup.CaseStatusCreateView.as_view(),
        name="casesetup_status_create",
    ),
    path(
        "cases/states/<int:pk>/",
        case_setup.CaseStatusEditView.as_view(),
        name="casesetup_status_edit",
    ),
    path("cases/routing/", case_setup.RoutingRuleListView.as_view(), name="casesetup_routing_list"),
    path(
        "cases/routing/add/",
        case_setup.RoutingRuleCreateView.as_view(),
        name="casesetup_routing_create",
    ),
    path(
        "cases/routing/<int:pk>/",
        case_setup.RoutingRuleEditView.as_view(),
        name="casesetup_routing_edit",
    ),
    path(
        "cases/routing/<int:pk>/delete/",
        case_setup.RoutingRuleDeleteView.as_view(),
        name="casesetup_routing_delete",
    ),
    path(
        "cases/templates/",
        case_setup.AnswerTemplateListView.as_view(),
        name="casesetup_template_list",
    ),
    path(
        "cases/templates/add/",
        case_setup.AnswerTemplateCreateView.as_view(),
        name="casesetup_template_create",
    ),
    path(
        "cases/templates/<int:pk>/",
        case_setup.AnswerTemplateEditView.as_view(),
        name="casesetup_template_edit",
    ),
    path(
        "interventions/",
        interventions.InterventionListView.as_view(),
        name="intervention_list",
    ),
    path(
        "interventions/add/",
        interventions.InterventionCreateView.as_view(),
        name="intervention_create",
    ),
    path(
        "interventions/<int:pk>/",
        interventions.InterventionEditView.as_view(),
        name="intervention_edit",
    ),
    path(
        "interventions/<int:pk>/effect/",
        dashboard_interventions.InterventionEffectView.as_view(),
        name="intervention_effect",
    ),
    path(
        "interventions/<int:pk>/delete/",
        interventions.InterventionDeleteView.as_view(),
        name="intervention_delete",
    ),
    path("jobs/", jobs.JobListView.as_view(), name="job_list"),
    path("jobs/progress/", jobs.JobProgressView.as_view(), name="job_progress"),
    path("jobs/<int:pk>/", jobs.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/retry/", jobs.JobRetryView.as_view(), name="job_retry"),
    path("jobs/<int:pk>/file/", posters.JobFileView.as_view(), name="job_file"),
    *casefile_patterns,
]

urlpatterns = [
    path("", home.OrganizationChooserView.as_view(), name="home"),
    path("account/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/welcome/<uidb64>/<token>/",
        accounts.PasswordSetView.as_view(),
        name="password_set",
    ),
    path("<slug:organization>/", include(organization_patterns)),
]
