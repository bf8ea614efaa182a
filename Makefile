# BNS: the two commands a newcomer needs are `make demo` and `make test` (see README.md).
# GNU make; needs only python3 >= 3.11 with venv (Debian/Ubuntu: apt-get install python3-venv).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.bns-installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Arguments for pytest. By default the suite runs on 2 workers (pytest-xdist; browser tests grouped on one),
# which keeps it well under 5 minutes on a 2-core machine. `make test PYTEST_ARGS="-k sites -x"` runs serially.
PYTEST_ARGS ?= -n 2 --dist loadgroup

# The first Python >= 3.11 on the PATH (python3 first, it is the system's own).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: help install demo run test lint migrations-check run-worker run-beat clean-venv

help:
	@echo "make demo              install, migrate, load the demo groups and serve on http://$(HOST):$(PORT)/"
	@echo "make test              install, then run the whole test suite (pytest)"
	@echo "make lint              ruff check"
	@echo "make migrations-check  fail if a model change has no migration"
	@echo "make run-worker        Celery worker (needs REDIS_URL)"
	@echo "make run-beat          Celery beat (needs REDIS_URL)"

# --- Install: a virtualenv in .venv, the dependencies listed in pyproject.toml, from PyPI. ----------------
# Re-installs only when pyproject.toml changes (the stamp file is older than it).

$(VENV)/bin/pip:
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.11 or newer is needed (python3 --version)." >&2; exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create the virtualenv: on Debian/Ubuntu run 'sudo apt-get install python3-venv'." >&2; exit 1; }

$(STAMP): pyproject.toml | $(VENV)/bin/pip
	@$(PY) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
		print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > $(VENV)/requirements.txt
	$(PY) -m pip install --disable-pip-version-check -q -r $(VENV)/requirements.txt
	@touch $(STAMP)

install: $(STAMP)

# --- The demo: SQLite under var/, background jobs in-process, demo logins printed before serving. --------

demo: install
	$(PY) manage.py migrate --no-input
	@if [ ! -d locale ]; then true; \
	elif command -v msgfmt >/dev/null 2>&1; then $(PY) manage.py compilemessages --ignore=.venv --ignore=var -v0; \
	else echo "(gettext's msgfmt not found: using the committed .mo translations)"; fi
	$(PY) manage.py seed_demo
	@echo
	@echo "Open http://$(HOST):$(PORT)/ and log in with one of the logins above. Ctrl-C stops the server."
	$(PY) manage.py runserver $(HOST):$(PORT)

run: install
	$(PY) manage.py runserver $(HOST):$(PORT)

# --- Tests and checks. ---------------------------------------------------------------------------------

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# --- Full stack (set DATABASE_URL and REDIS_URL first; see README). -----------------------------------

run-worker: install
	$(VENV)/bin/celery -A bns worker -l info

run-beat: install
	$(VENV)/bin/celery -A bns beat -l info -s var/celerybeat-schedule

clean-venv:
	rm -rf $(VENV)
