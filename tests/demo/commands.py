import io

from django.core.management import call_command


def seed_demo(*args) -> str:
    """Runs `manage.py seed_demo` with these arguments and returns what it printed."""
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()
