# Klimapaten — `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run install install-dev migrate translations messages seed test test-fast test-faults lint format check clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Create .venv and install the project

install-dev: $(VENV)/.installed-dev ## Install the project with the dev tools

migrate: install ## Apply database migrations
	@mkdir -p var
	$(PY) manage.py migrate --noinput

translations: install ## Compile the translation catalogues (no gettext needed)
	$(PY) manage.py compiletranslations

APPS_WITH_CATALOGUES := courses municipalities coaching dashboard
messages: install ## Extract the project's strings into locale/ (apps keep <app>/locale/; needs GNU gettext)
	$(PY) manage.py makemessages -l de -l en --no-location --ignore=.venv --ignore=var --ignore=tests \
		$(foreach app,$(APPS_WITH_CATALOGUES),--ignore='$(app)/*' --ignore='templates/$(app)/*')

seed: migrate ## Create the demo data (idempotent)
	$(PY) manage.py seed_demo

run: migrate translations seed ## Set up everything and serve on http://127.0.0.1:8000
	@echo "Klimapaten runs on http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# pytest's exit 5 ("no tests collected", e.g. a -m filter that matches nothing) is not a failure.
PYTEST_ARGS ?=
PYTEST = $(BIN)/pytest $(PYTEST_ARGS)
NO_TESTS_OK = || [ $$? -eq 5 ]

# The suite runs in two parts: everything but the services tests on TEST_WORKERS processes
# (pytest-xdist; each has its own test database and media folder), then the services tests (a
# real Celery worker on the shared broker, the fault tests that stop and start services) alone.
# Line coverage of both parts together must reach COVERAGE_MIN per cent (pytest-cov; set
# COVERAGE_MIN=0 when running a part of the suite through PYTEST_ARGS).
TEST_WORKERS ?= 2
COVERAGE_MIN ?= 90
COV = --cov --cov-report=
test: install-dev ## Run the whole suite with coverage (services/slow tests skip loudly without services; CI=true runs them)
	$(PY) manage.py compiletranslations >/dev/null
	rm -f .coverage .coverage.*
	$(PYTEST) $(COV) -m "not services" -n $(TEST_WORKERS) $(NO_TESTS_OK)
	$(PYTEST) $(COV) --cov-append -m services $(NO_TESTS_OK)
	@mkdir -p var
	@$(BIN)/coverage report --format=total | xargs printf 'Line coverage: %s %% (at least $(COVERAGE_MIN) %%)\n'
	@$(BIN)/coverage report --fail-under=$(COVERAGE_MIN) >var/coverage.txt || { cat var/coverage.txt; exit 1; }

test-fast: install-dev ## Run the tests without the browser journeys and the slow fault tests
	$(PYTEST) -m "not e2e and not slow" $(NO_TESTS_OK)

test-faults: install-dev ## Run the fault tests (PostgreSQL DATABASE_URL, redis-server, initdb; see .ci/services.sh)
	$(PYTEST) tests/faults $(NO_TESTS_OK)

lint: install-dev ## Lint and check formatting with ruff, and the import layers (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django system checks and missing migrations
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var
