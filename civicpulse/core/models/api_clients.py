"""Clients of the organisation's APIs (Open311, the REST API): a document system, a city app.

A key is shown once, when it is made; only its SHA-256 is stored, found by its public prefix.
"""

import hashlib
import hmac
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from civicpulse.core.models.organizations import Organization, TenantModel

KEY_PREFIX_LENGTH = 8


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiClient(TenantModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_clients"
    )
    name = models.CharField(_("name"), max_length=100)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # A trusted client's cases are registered at once; others' still need the sender's
    # e-mail confirmation (Open311 POST).
    is_trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Cases it sends are registered without the sender confirming by e-mail."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    key_prefix = models.CharField(max_length=KEY_PREFIX_LENGTH, unique=True, editable=False)
    key_digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def new_key(self) -> str:
        """Gives the client a new key, returned this once; the old one stops working."""
        self.key_prefix = secrets.token_hex(KEY_PREFIX_LENGTH // 2)
        key = f"{self.key_prefix}.{secrets.token_urlsafe(32)}"
        self.key_digest = _digest(key)
        return key

    @classmethod
    def for_key(cls, key: str) -> "ApiClient | None":
        """The active client this key belongs to, across organisations; None for a wrong key."""
        prefix, dot, _secret = (key or "").partition(".")
        if not dot or len(prefix) != KEY_PREFIX_LENGTH:
            return None
        with scopes_disabled():  # the key names its organisation
            client = (
                cls.objects.select_related("organization")
                .filter(key_prefix=prefix, is_active=True)
                .first()
            )
        if client is None or not hmac.compare_digest(client.key_digest, _digest(key)):
            return None
        now = timezone.now()
        if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
            with scopes_disabled():
                cls.objects.filter(pk=client.pk).update(last_used_at=now)
            client.last_used_at = now
        return client
