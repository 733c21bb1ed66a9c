"""Back-office URLs for case files, their catalogue and figures, and API clients; included
under <organization>/ by civicpulse.backoffice.urls."""

from django.urls import path

from civicpulse.backoffice.views import (
    api_clients,
    casefile_catalogue,
    casefile_figures,
    casefile_import,
    casefiles,
)

casefile_patterns = [
    path("casefiles/", casefiles.CaseFileListView.as_view(), name="casefile_list"),
    path("casefiles/export.csv", casefiles.CaseFileExportView.as_view(), name="casefile_export"),
    path("casefiles/add/", casefiles.CaseFileRegisterView.as_view(), name="casefile_register"),
    path("casefiles/<int:pk>/", casefiles.CaseFileDetailView.as_view(), name="casefile_detail"),
    path(
        "casefiles/<int:pk>/receipt/",
        casefiles.CaseFileReceiptView.as_view(),
        name="casefile_receipt",
    ),
    path(
        "casefiles/<int:pk>/access-code/",
        casefiles.CaseFileAccessCodeView.as_view(),
        name="casefile_access_code",
    ),
    path(
        "casefiles/import/",
        casefile_import.CaseFileImportView.as_view(),
        name="casefile_import",
    ),
    path(
        "casefiles/import/confirm/",
        casefile_import.CaseFileImportConfirmView.as_view(),
        name="casefile_import_confirm",
    ),
    path(
        "casefiles/import/done/",
        casefile_import.CaseFileImportDoneView.as_view(),
        name="casefile_import_done",
    ),
    path(
        "casefiles/import/access-codes.csv",
        casefile_import.CaseFileImportCodesView.as_view(),
        name="casefile_import_codes",
    ),
    path(
        "casefiles/figures/",
        casefile_figures.CaseFileFiguresView.as_view(),
        name="casefile_figures",
    ),
    path(
        "casefiles/figures.csv",
        casefile_figures.CaseFileFiguresExportView.as_view(),
        name="casefile_figures_export",
    ),
    path(
        "casefiles/services/",
        casefile_catalogue.ServiceListView.as_view(),
        name="casefile_service_list",
    ),
    path(
        "casefiles/services/add/",
        casefile_catalogue.ServiceCreateView.as_view(),
        name="casefile_service_create",
    ),
    path(
        "casefiles/services/<int:pk>/",
        casefile_catalogue.ServiceEditView.as_view(),
        name="casefile_service_edit",
    ),
    path("api-clients/", api_clients.ApiClientListView.as_view(), name="api_client_list"),
    path("api-clients/add/", api_clients.ApiClientCreateView.as_view(), name="api_client_create"),
    path("api-clients/<int:pk>/", api_clients.ApiClientEditView.as_view(), name="api_client_edit"),
    path(
        "api-clients/<int:pk>/rotate/",
        api_clients.ApiClientRotateView.as_view(),
        name="api_client_rotate",
    ),
    path(
        "api-clients/<int:pk>/active/",
        api_clients.ApiClientActiveView.as_view(),
        name="api_client_active",
    ),
]
