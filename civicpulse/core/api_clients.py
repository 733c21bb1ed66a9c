"""Managing an organisation's API clients; the key is returned once and stored as a hash."""

from django.db import transaction

from civicpulse.core.models import ApiClient, Organization


def api_client_create(
    *, organization: Organization, name: str, contact_email: str = "", is_trusted: bool = False
) -> tuple[ApiClient, str]:
    """A new active client and its key, which is never shown again."""
    client = ApiClient(
        organization=organization, name=name, contact_email=contact_email, is_trusted=is_trusted
    )
    key = client.new_key()
    client.save()
    return client, key


@transaction.atomic
def api_client_rotate(*, client: ApiClient) -> str:
    """A new key for the client; the old one stops working at once."""
    key = client.new_key()
    client.save(update_fields=["key_prefix", "key_digest"])
    return key


def api_client_set_active(*, client: ApiClient, is_active: bool) -> ApiClient:
    client.is_active = is_active
    client.save(update_fields=["is_active"])
    return client
