# wagtail-tuidang developer commands. `make demo` and `make test` are all a
# newcomer needs; each creates the virtual environment on first use.
#
# Every target works on another virtual environment too, e.g.
#   make test-fast VENV=.venv-django61 PYTHON=python3.13 PINS="'Django>=6.1,<6.2'"

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(PY) example_site/manage.py
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/wagtail_tuidang
# Where `make docs` writes the documentation site.
DOCS_DIR ?= site
PYTEST_ARGS ?=
# Extra requirements installed with the package when $(VENV) is created,
# e.g. "'Django>=5.2,<5.3'". Changing them later needs a new VENV.
PINS ?=

# The two ends of the support matrix (DESIGN.md: Stack), each in its own venv.
PYENV_ROOT := $(shell pyenv root 2>/dev/null)
NEWEST_PYTHON ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.13*/bin/python3) python3.13)
NEWEST_PINS ?= 'Django>=6.1,<6.2' 'wagtail>=8.0,<8.1'
OLDEST_PYTHON ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.11*/bin/python3) python3.11)
OLDEST_PINS ?= 'Django>=5.2,<5.3' 'wagtail>=7.4,<7.5'

.PHONY: help venv versions demo test test-fast test-postgres test-browser \
	test-locales test-editor test-install test-swapped test-newest test-oldest test-matrix \
	check-migrations lint format messages wheel dist docs docs-serve benchmark clean

help:
	@echo "make demo           run the example site on http://$(HOST):$(PORT)/ with demo content"
	@echo "make test           run the whole test suite on SQLite"
	@echo "make test-fast      the suite without the wheel build and the browser"
	@echo "make test-postgres  run the suite on PostgreSQL (DATABASE_URL=$(POSTGRES_URL))"
	@echo "make test-browser   run only the Chromium tests"
	@echo "make test-locales   the translated-wall tests with simple_translation and wagtail-localize installed"
	@echo "make test-editor    drive Wagtail's page editor through every chooser block"
	@echo "make test-install   build the wheel and install it into a new Wagtail site"
	@echo "make test-swapped   the page tests over a swapped page model (Wagtail 8)"
	@echo "make test-matrix    the fast suite on the newest and oldest supported versions"
	@echo "make lint           ruff check, ruff format --check, djhtml"
	@echo "make messages       regenerate and compile the translation catalogues"
	@echo "make wheel          build the sdist and wheel into dist/"
	@echo "make dist           build them and check their metadata with twine (a release)"
	@echo "make docs           build the documentation site into site/ (strict: broken links fail)"
	@echo "make docs-serve     serve the documentation on http://$(HOST):8001/ while you edit it"

$(VENV)/.installed: pyproject.toml example_site/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[testing]" -r example_site/requirements.txt $(PINS)
	touch $@

venv: $(VENV)/.installed

versions: venv
	@$(PY) --version
	@$(PY) -m pip list 2>/dev/null | grep -iE "^(django|wagtail) "

demo: venv
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) tuidang_demo --address $(HOST):$(PORT)
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@echo "  Logins (demo only):"
	@$(MANAGE) shell -v 0 -c "from home.management.commands.tuidang_demo import DEMO_USERS; [print(f'    {u:<10} password {p}') for u, (p, g) in DEMO_USERS.items()]"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

# Translated walls with simple_translation and wagtail-localize installed
# (tests/settings_locales.py): wagtail-localize needs its tables.
test-locales: venv
	$(PY) -m pytest --ds=tests.settings_locales tests/test_locales.py $(PYTEST_ARGS)

test-fast: venv
	$(PY) -m pytest -m "not slow and not browser" $(PYTEST_ARGS)

test-postgres: venv
	DATABASE_URL=$${DATABASE_URL:-$(POSTGRES_URL)} $(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

test-browser: venv
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

test-editor: venv
	$(PY) -m pytest -m browser tests/browser/test_editor_browser.py $(PYTEST_ARGS)

test-install: venv
	$(PY) -m pytest -m slow $(PYTEST_ARGS)

# The page tests once more on a site whose page model is its own (Wagtail 8's
# WAGTAIL_PAGE_MODEL, tests/settings_swapped.py); older Wagtail has no such setting.
test-swapped: venv
	@if $(PY) -c "import sys, wagtail; sys.exit(wagtail.VERSION[0] < 8)"; then \
		echo "$(PY) -m pytest --ds=tests.settings_swapped tests/test_swapped_page_model.py $(PYTEST_ARGS)"; \
		$(PY) -m pytest --ds=tests.settings_swapped tests/test_swapped_page_model.py $(PYTEST_ARGS); \
	else \
		echo "test-swapped skipped: WAGTAIL_PAGE_MODEL needs Wagtail 8, $(VENV) has Wagtail $$($(PY) -c 'import wagtail; print(wagtail.__version__)')"; \
	fi

test-newest:
	$(MAKE) versions test-fast test-swapped test-locales VENV=.venv-newest PYTHON=$(NEWEST_PYTHON) PINS="$(NEWEST_PINS)"

# The oldest Wagtail's page-chooser JavaScript differs: drive its editor too.
test-oldest:
	$(MAKE) versions test-fast test-locales test-editor VENV=.venv-oldest PYTHON=$(OLDEST_PYTHON) PINS="$(OLDEST_PINS)"

test-matrix: test-newest test-oldest

check-migrations: venv
	$(MANAGE) makemigrations --check --dry-run

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	find wagtail_tuidang example_site -name '*.html' -print0 | xargs -0 $(VENV)/bin/djhtml --check

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	find wagtail_tuidang example_site -name '*.html' -print0 | xargs -0 $(VENV)/bin/djhtml

messages: venv
	cd wagtail_tuidang && ../$(PY) -m django makemessages --no-obsolete --no-location -l en -l zh_Hans -l zh_Hant
	cd wagtail_tuidang && ../$(PY) -m django compilemessages

wheel: venv
	rm -rf dist build
	$(PY) -m build --quiet --outdir dist .

# What a release uploads: docs/how-to/release.md.
dist: wheel
	$(PY) -m twine check --strict dist/*

# mkdocs is not in the testing extra: installed into the venv on first use.
$(VENV)/.docs-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[docs]"
	touch $@

docs: $(VENV)/.docs-installed
	$(VENV)/bin/mkdocs build --strict --site-dir $(DOCS_DIR)

docs-serve: $(VENV)/.docs-installed
	$(VENV)/bin/mkdocs serve --dev-addr $(HOST):8001

benchmark: venv
	$(PY) benchmarks/run.py

clean:
	rm -rf dist build site *.egg-info example_site/db.sqlite3 example_site/media
