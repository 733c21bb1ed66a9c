"""Production settings (civicpulse.settings from the environment) plus the baseline's URL."""

from civicpulse.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
