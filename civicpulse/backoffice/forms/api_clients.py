from civicpulse.backoffice.forms.base import OrganizationModelForm
from civicpulse.core.models import ApiClient


class ApiClientForm(OrganizationModelForm):
    class Meta(OrganizationModelForm.Meta):
        model = ApiClient
        fields = ["name", "contact_email", "is_trusted"]
