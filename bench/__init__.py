"""`make bench`: the citizen feedback path measured under the production server, and the
dashboard at 10 million responses on SQLite and PostgreSQL (bench/dashboard.py).

Run as `.venv/bin/python -m bench` (see bench/run.py). Nothing here is imported by the
product: the baseline view and its URL exist only in this package's own settings.
"""
