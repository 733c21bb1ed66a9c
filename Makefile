# civicpulse: `make run` sets everything up and serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
MANAGE := $(PY) manage.py
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export DEMO_PASSWORD ?= civicpulse-demo
# Links printed by the demo and shown in pages point at where `make run` serves.
demo run: export SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: help run install migrate demo worker test lint format messages translations check bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The environment is rebuilt when the lock file changes.
$(VENV)/.installed: uv.lock pyproject.toml
	@interpreter=$$(bin/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$interpreter"; "$$interpreter" -m venv $(VENV); fi
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) sync --frozen --python $(PY)
	@touch $@

install: $(VENV)/.installed  ## create the environment and install the locked dependencies

# axe-core, which the browser tests inject into pages; from the npm registry, pinned by the lock.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

messages: install  ## compile the translations
	@$(MANAGE) compilemessages --ignore '.venv/*' -v 0

translations: install  ## refresh the .po files from the source (then translate what is new)
	$(MANAGE) makemessages -l bg -l en --no-obsolete --no-location --ignore '.venv/*' --ignore 'tests/*'
	$(MANAGE) makemessages -d djangojs -l bg -l en --no-obsolete --no-location --ignore '.venv/*' --ignore 'var/*'

migrate: install messages  ## apply database migrations
	$(MANAGE) migrate --no-input -v 1

demo: migrate  ## load the demo data if the database is empty, and print the log-ins
	$(MANAGE) seed_demo --if-empty

run: demo  ## set up, then serve the demo at http://$(HOST):$(PORT) with a background worker
	@echo "Starting the background worker and the web server on http://$(HOST):$(PORT)"
	@$(MANAGE) db_worker --queue-name '*' --interval 1 & worker=$$!; \
	$(MANAGE) rollups_follow & rollups=$$!; \
	trap 'kill $$worker $$rollups 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(MANAGE) runserver --noreload $(HOST):$(PORT)

worker: migrate  ## run only the background worker (and the rollups' follower)
	@$(MANAGE) rollups_follow & rollups=$$!; \
	trap 'kill $$rollups 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) db_worker --queue-name '*'

test: messages node_modules/.installed  ## run the whole test suite (browser tests use Debian's chromium)
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

lint: install  ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install  ## apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install messages  ## the checks CI runs besides the tests
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

# Sets up its own installation in a temporary folder; the results go to var/bench/latest.json.
# BENCH_ARGS="--only feedback" or "--only dashboard --databases sqlite --responses 1000000".
bench: messages  ## measure submissions/s, first-view bytes, 600 posters; the dashboard at 10 M responses
	$(PY) -m bench $(BENCH_ARGS)

clean:  ## remove the environment and local data
	rm -rf $(VENV) node_modules var/db.sqlite3* var/media
