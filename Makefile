# make run   – set everything up and serve the demo on http://127.0.0.1:8000 (PORT=8001 for another)
# make test  – set everything up and run the whole test suite
# make reset-demo – delete the database's records and the uploaded files, load a fresh demo
# make lint  – ruff, formatting and migration checks
# make bench – benchmarks on a large generated partnership

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes side by side: one per CPU by default; TEST_WORKERS=0 runs the suite in one.
TEST_WORKERS ?= auto

# The first Python 3.12+ to be found: on PATH, then under pyenv.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: setup run test lint bench format clean reset-demo system-deps-run system-deps-test

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed and none was found." >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Checked on every run (quick when nothing is missing), never a reason to rebuild anything.
system-deps-run system-deps-test:
	@bin/system-deps $(@:system-deps-%=%)

node_modules/.installed: package.json package-lock.json | system-deps-run
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/css/app.css: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build

setup: $(VENV)/.installed static/css/app.css
	$(PY) manage.py migrate --noinput -v 0

run: setup
	@$(PY) manage.py serve --demo $(HOST):$(PORT)

# Asks first; YES=1 make reset-demo does not.
reset-demo: $(VENV)/.installed
	@$(PY) manage.py reset_demo $(if $(YES),--yes)

test: system-deps-test setup
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: setup
	$(PY) bench/run.py
	$(PY) bench/load_run.py

clean:
	rm -rf $(VENV) node_modules static/css/app.css staticfiles
