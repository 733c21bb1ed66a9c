"""Rate limits per API client, counted where the citizen forms' limits are counted
(civicpulse.feedback.counters), so they hold across every process and server."""

import hashlib
from datetime import datetime

from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from civicpulse.core.models import ApiClient
from civicpulse.feedback.counters import counters_add


class ApiClientThrottle(SimpleRateThrottle):
    """DEFAULT_THROTTLE_RATES["api_client"] requests per client in a fixed window."""

    scope = "api_client"

    def allow_request(self, request, view):
        client = request.auth
        if self.rate is None or not isinstance(client, ApiClient):
            return True  # the permission class refuses keyless requests
        now = timezone.now()
        seconds = int(now.timestamp()) // self.duration * self.duration
        self.window_end = seconds + self.duration
        key = hashlib.sha256(f"api-client:{client.pk}:{self.scope}".encode()).hexdigest()
        (count,) = counters_add(
            organization_id=client.organization_id,
            counted=[(key, datetime.fromtimestamp(seconds, tz=now.tzinfo), self.duration)],
        )
        self.now = now.timestamp()
        return count <= self.num_requests

    def wait(self):
        return max(1.0, self.window_end - self.now)

    def get_cache_key(self, request, view):  # the counters replace DRF's cache
        return None
