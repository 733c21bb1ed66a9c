import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicpulse.settings")
application = get_wsgi_application()

# gunicorn (preload_app) forks its workers from this process: the URLs and every view they
# import are loaded here once, not at each worker's first request, and their memory is shared.
get_resolver().url_patterns  # noqa: B018
