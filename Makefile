# make run   – set everything up and serve the demo on http://127.0.0.1:8000
# make test  – set everything up and run the whole test suite
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

.PHONY: setup run test lint bench format clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed and none was found." >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/css/app.css: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build

setup: $(VENV)/.installed static/css/app.css
	$(PY) manage.py migrate --noinput -v 0

run: setup
	$(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ with a background worker (Ctrl+C stops both)."
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py db_worker --queue-name '*' & \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
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
