"""The REST API's shapes for case files and the service catalogue.

The applicant's name and e-mail may be sent but are never returned: the API's answers carry
no personal data. Unknown fields are refused, so a misspelt one is not silently lost.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civicpulse.casefiles.models import (
    AdministrativeService,
    CaseFile,
    CaseFileEvent,
    CaseFileStatus,
    DelayReason,
)
from civicpulse.core.models import Department


class StrictSerializer(serializers.Serializer):
    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("This field is not known.")] for name in unknown[:20]}
                )
        return super().to_internal_value(data)


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name_bg", "name_en"]


class ServiceSerializer(serializers.ModelSerializer):
    sector = SectorSerializer(read_only=True)

    class Meta:
        model = AdministrativeService
        fields = ["code", "name_bg", "name_en", "days", "sector", "is_active"]


class EventSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = CaseFileEvent
        fields = ["at", "status", "delay_reason", "note", "is_public", "by"]

    def get_by(self, event) -> str:
        """ "client" (an API client), "staff" (someone in the back office) or "" (unknown)."""
        if event.client_id:
            return "client"
        return "staff" if event.actor_id else ""


class CaseFileSerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sector = SectorSerializer(read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = CaseFile
        fields = [
            "number", "external_id", "service", "sector", "status", "registered_at", "due_at",
            "completed_at", "delay_reason", "delay_note", "is_overdue", "source", "updated_at",
        ]  # fmt: skip

    def get_is_overdue(self, case_file) -> bool:
        return case_file.is_overdue()


class CaseFileDetailSerializer(CaseFileSerializer):
    history = EventSerializer(source="events", many=True, read_only=True)

    class Meta(CaseFileSerializer.Meta):
        fields = [*CaseFileSerializer.Meta.fields, "history"]


class CaseFileCreatedSerializer(CaseFileDetailSerializer):
    """The answer to a registration: the access code, only in the answer that made it."""

    access_code = serializers.CharField(
        allow_null=True,
        help_text=_("The applicant's code for the status page; null when the file existed."),
    )
    replayed = serializers.BooleanField(
        help_text=_("True when the file was registered before and is returned as it is.")
    )

    class Meta(CaseFileDetailSerializer.Meta):
        fields = [*CaseFileDetailSerializer.Meta.fields, "access_code", "replayed"]


class CaseFileCreateSerializer(StrictSerializer):
    number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text=_("The document system's number; leave it out to get <PREFIX>-<YEAR>-F<NNNNN>."),
    )
    external_id = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_("The document system's id: a repeated POST with it returns the same file."),
    )
    service = serializers.CharField(max_length=30, help_text=_("The service's code."))
    sector = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("A sector's id; the service's by default.")
    )
    registered_at = serializers.DateTimeField(required=False)
    due_at = serializers.DateTimeField(required=False)
    applicant_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, write_only=True
    )
    applicant_email = serializers.EmailField(required=False, allow_blank=True, write_only=True)

    def validate_service(self, code):
        organization = self.context["organization"]
        service = AdministrativeService.objects.filter(
            organization=organization, code__iexact=code.strip()
        ).first()
        if service is None:
            raise serializers.ValidationError(
                _("No service has the code “%(code)s”; GET /api/v1/services/ lists them.")
                % {"code": code[:30]}
            )
        return service

    def validate_sector(self, pk):
        if pk is None:
            return None
        sector = Department.objects.filter(organization=self.context["organization"], pk=pk)
        if not sector.exists():
            raise serializers.ValidationError(_("No sector has this id."))
        return sector.get()


class CaseFileStatusSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=CaseFileStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    delay_reason = serializers.ChoiceField(
        choices=DelayReason.choices, required=False, allow_blank=True
    )
    delay_note = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    is_public = serializers.BooleanField(
        required=False, default=True, help_text=_("Whether the applicant's page shows this step.")
    )
    at = serializers.DateTimeField(required=False, help_text=_("When it happened; now by default."))


class AccessCodeSerializer(serializers.Serializer):
    access_code = serializers.CharField()
