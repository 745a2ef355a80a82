# Etalase: `make run` serves the demo, `make test` runs the whole suite. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PIP_VERSION := 26.3
# Two workers: the machines here have two cores.
PYTEST_ARGS ?= -n 2

.PHONY: run test lint serve messages clean help bench bench-small cachetable backup restore

help:
	@echo "make run    - set up .venv, migrate, load demo data, serve http://$(HOST):$(PORT) (SQLite)"
	@echo "make test   - set up .venv and run the whole test suite (DATABASE_URL selects PostgreSQL)"
	@echo "make serve  - production server (gunicorn); needs SECRET_KEY, ALLOWED_HOSTS, DEBUG=0"
	@echo "make bench  - performance benchmark at national scale on PostgreSQL (bench/run.py)"
	@echo "make lint   - static checks: ruff and bandit, zero findings"
	@echo "make bench-small - the same in a minute or two on SQLite, with less data"
	@echo "make backup - back up the database and media into backups/; make restore BACKUP=<folder>"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
	$(PYTHON) -m venv $(VENV)

# pip >= 25.3 for --build-constraint: XStatic-Bootstrap builds from source with setuptools < 81.
$(VENV)/.installed-runtime: requirements.txt build-constraints.txt | $(PY)
	$(PIP) install -q --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(PIP) install -q --disable-pip-version-check --build-constraint build-constraints.txt -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed-runtime
	$(PIP) install -q --disable-pip-version-check --build-constraint build-constraints.txt -r requirements-dev.txt
	@touch $@

messages: $(VENV)/.installed-runtime
	@DEBUG=1 $(PY) manage.py compile_translations

run: messages
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo --if-empty
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev messages
	DEBUG=1 $(PY) -m pytest $(PYTEST_ARGS)

# Static checks, zero findings allowed: ruff (pyflakes, pycodestyle, bugbear, Django's and
# flake8-bandit's rules; pyproject.toml) and bandit (medium severity and up). CI runs it too.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -c pyproject.toml -r . -ll -q

serve: messages
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

# Backups: the database (pg_dump / SQLite online backup) and MEDIA_ROOT into backups/etalase-<time>/.
backup: $(VENV)/.installed-runtime
	$(PY) manage.py backup --dir $${BACKUP_DIR:-backups}

# make restore BACKUP=backups/etalase-20261128-210000
restore: $(VENV)/.installed-runtime
	@test -n "$(BACKUP)" || (echo "usage: make restore BACKUP=backups/etalase-<time>"; exit 2)
	$(PY) manage.py restore "$(BACKUP)"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Performance (bench/README.md): PostgreSQL from DATABASE_URL, or a throwaway one started by
# bench/run.py; wrk from Debian (installed when missing). Results also go to bench/out/.
bench: messages
	$(PY) bench/run.py

bench-small: messages
	$(PY) bench/run.py --small

# The table of a database cache (CACHE_URL=db://table); nothing to do with another cache.
cachetable: $(VENV)/.installed-runtime
	$(PY) manage.py createcachetable
