"""Back-office URLs. Every page about an organisation sits under <organization>/, where the
middleware checks membership; tests/backoffice/test_isolation.py must list each name here."""

from django.urls import include, path

from civicpulse.backoffice.casefile_urls import casefile_patterns
from civicpulse.backoffice.views import (
    accounts,
    campaigns,
    employees,
    home,
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
