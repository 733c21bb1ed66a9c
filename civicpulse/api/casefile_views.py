"""The document system's side of case files: register, list, read and move them.

Idempotent registration: a POST whose `external_id` (or, without one, `number`) is already
registered changes nothing and answers 200 with the existing file, `"replayed": true` and
`"access_code": null` (the code is shown only once; POST .../access-code/ issues a new one).
If that existing file is for another service, or carries a different `external_id`, the
POST is not a repeat but a clash: 409 with the existing number.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.mixins import ListModelMixin
from rest_framework.response import Response

from civicpulse.api.casefile_serializers import (
    AccessCodeSerializer,
    CaseFileCreatedSerializer,
    CaseFileCreateSerializer,
    CaseFileDetailSerializer,
    CaseFileSerializer,
    CaseFileStatusSerializer,
    ServiceSerializer,
)
from civicpulse.api.views import OrganizationApiView
from civicpulse.casefiles.access_codes import access_code_display
from civicpulse.casefiles.models import CaseFile, CaseFileSource, CaseFileStatus
from civicpulse.casefiles.selectors import (
    CaseFileFilters,
    administrative_services,
    casefile_existing,
    casefile_search,
)
from civicpulse.casefiles.services import (
    casefile_access_code_renew,
    casefile_register,
    casefile_set_status,
)
from civicpulse.core.exceptions import RuleViolation

ERRORS = OpenApiResponse(description="Invalid input: {detail, errors: {field: [messages]}}")


class ServiceListView(ListModelMixin, OrganizationApiView):
    serializer_class = ServiceSerializer

    def get_queryset(self):
        return administrative_services(organization=self.organization)

    @extend_schema(summary="The organisation's service catalogue")
    def get(self, request):
        return self.list(request)


class CaseFileListFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseFileStatus.choices, required=False)
    service = serializers.CharField(required=False, max_length=30)
    sector = serializers.IntegerField(required=False)
    overdue = serializers.BooleanField(required=False, default=False)
    registered_after = serializers.DateTimeField(required=False)
    registered_before = serializers.DateTimeField(required=False)
    updated_after = serializers.DateTimeField(required=False)
    external_id = serializers.CharField(required=False, max_length=100)


LIST_PARAMETERS = [
    OpenApiParameter("status", enum=CaseFileStatus.values),
    OpenApiParameter("service", description="A service's code."),
    OpenApiParameter("sector", OpenApiTypes.INT, description="A sector's id."),
    OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Only open files past due."),
    OpenApiParameter("registered_after", OpenApiTypes.DATETIME),
    OpenApiParameter("registered_before", OpenApiTypes.DATETIME),
    OpenApiParameter("updated_after", OpenApiTypes.DATETIME, description="For synchronising."),
    OpenApiParameter("external_id", description="The document system's id."),
]


def _replay_or_clash(existing: CaseFile, data: dict):
    """The same registration again (same service, and the same number and id where both
    sides have one), or a different file claiming a taken number or id."""
    external_id = data.get("external_id", "").strip()
    number = data.get("number", "").strip()
    same = (
        existing.service_id == data["service"].pk
        and (not external_id or not existing.external_id or existing.external_id == external_id)
        and (not number or existing.number == number)
    )
    if not same:
        return Response(
            {
                "detail": _("Another file is registered with this number or document-system id."),
                "number": existing.number,
            },
            status=status.HTTP_409_CONFLICT,
        )
    return Response(
        _created(existing, code=None),
        status=status.HTTP_200_OK,
        headers={"Idempotent-Replay": "true"},
    )


def _created(case_file: CaseFile, *, code: str | None) -> dict:
    """The answer to a registration (CaseFileCreatedSerializer's shape)."""
    return {
        **CaseFileDetailSerializer(case_file).data,
        "access_code": access_code_display(code) if code else None,
        "replayed": code is None,
    }


class CaseFileListView(ListModelMixin, OrganizationApiView):
    serializer_class = CaseFileSerializer

    @extend_schema(summary="List case files", parameters=LIST_PARAMETERS)
    def get(self, request):
        return self.list(request)

    def get_queryset(self):
        filters = CaseFileListFilters(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        files = casefile_search(
            organization=self.organization,
            filters=CaseFileFilters(
                status=given.get("status", ""),
                overdue=given["overdue"],
                since=given.get("registered_after"),
                until=given.get("registered_before"),
            ),
        )
        if "service" in given:
            files = files.filter(service__code__iexact=given["service"])
        if "sector" in given:
            files = files.filter(sector_id=given["sector"])
        if "updated_after" in given:
            files = files.filter(updated_at__gt=given["updated_after"])
        if "external_id" in given:
            files = files.filter(external_id=given["external_id"])
        return files

    @extend_schema(
        summary="Register a case file",
        request=CaseFileCreateSerializer,
        responses={
            201: CaseFileCreatedSerializer,
            200: OpenApiResponse(CaseFileCreatedSerializer, description="Registered before"),
            400: ERRORS,
            409: OpenApiResponse(description="Another file has this number or id"),
        },
    )
    def post(self, request):
        given = CaseFileCreateSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        data = given.validated_data
        number, external_id = data.get("number", "").strip(), data.get("external_id", "").strip()
        existing = casefile_existing(
            organization=self.organization, number=number, external_id=external_id
        )
        if existing is not None:
            return _replay_or_clash(existing, data)
        try:
            case_file, code = casefile_register(
                organization=self.organization,
                service=data["service"],
                number=number,
                external_id=external_id,
                sector=data.get("sector"),
                registered_at=data.get("registered_at"),
                due_at=data.get("due_at"),
                applicant_name=data.get("applicant_name", ""),
                applicant_email=data.get("applicant_email", ""),
                source=CaseFileSource.API,
                client=self.client,
            )
        except RuleViolation as violation:
            if violation.field in ("number", "external_id"):  # a concurrent twin won the race
                existing = casefile_existing(
                    organization=self.organization, number=number, external_id=external_id
                )
                if existing is not None:
                    return _replay_or_clash(existing, data)
            raise
        return Response(_created(case_file, code=code), status=status.HTTP_201_CREATED)


class CaseFileMixin:
    def get_object(self) -> CaseFile:
        case_file = (
            CaseFile.objects.filter(organization=self.organization, number=self.kwargs["number"])
            .select_related("service", "sector")
            .first()
        )
        if case_file is None:
            raise Http404
        return case_file


class CaseFileDetailView(CaseFileMixin, OrganizationApiView):
    serializer_class = CaseFileDetailSerializer

    @extend_schema(summary="A case file with its history")
    def get(self, request, number):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Change a case file's status",
        request=CaseFileStatusSerializer,
        responses={200: CaseFileDetailSerializer, 400: ERRORS},
    )
    def patch(self, request, number):
        case_file = self.get_object()
        given = CaseFileStatusSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        case_file = casefile_set_status(
            case_file=case_file, client=self.client, **given.validated_data
        )
        return Response(self.get_serializer(case_file).data)


class CaseFileAccessCodeView(CaseFileMixin, OrganizationApiView):
    serializer_class = AccessCodeSerializer

    @extend_schema(
        summary="Issue a new access code (the old one stops working)",
        request=None,
        responses={200: AccessCodeSerializer},
    )
    def post(self, request, number):
        code = casefile_access_code_renew(case_file=self.get_object(), client=self.client)
        return Response({"access_code": access_code_display(code)})
