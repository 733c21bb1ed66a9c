import gc
import logging
import os

from django.core.wsgi import get_wsgi_application
from django.db import DatabaseError, connections
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicpulse.settings")
application = get_wsgi_application()

# gunicorn (preload_app) forks its workers from this process: what is loaded here is loaded
# once, not at each worker's first request, and shared. First the URLs and every view.
get_resolver().url_patterns  # noqa: B018


def _forms_preload() -> None:
    from civicpulse.public.form_subjects import form_subjects_preload

    try:
        count = form_subjects_preload()
    except DatabaseError:  # not migrated yet: each form loads on first use
        count = 0
    finally:
        connections.close_all()  # a connection must not cross the fork
    logging.getLogger(__name__).info("%s public forms loaded before forking.", count)


# Then the places' forms, so that a worker that replaces a retired one starts warm.
_forms_preload()

# What start-up loaded lives as long as the process: frozen, it is left out of every later
# collection (a full one would walk its 100,000 objects again, a pause of tens of
# milliseconds on a dashboard page), and forked workers keep sharing its memory pages.
gc.collect()
gc.freeze()
