# wagtail-tuidang developer commands. `make demo` and `make test` are all a
# newcomer needs; each creates the virtual environment on first use.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) example_site/manage.py
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/wagtail_tuidang
PYTEST_ARGS ?=

.PHONY: help venv demo test test-postgres test-browser test-fast lint format messages wheel benchmark clean

help:
	@echo "make demo           run the example site on http://127.0.0.1:$(PORT)/ with demo content"
	@echo "make test           run the whole test suite on SQLite"
	@echo "make test-postgres  run the suite on PostgreSQL (DATABASE_URL=$(POSTGRES_URL))"
	@echo "make test-browser   run only the Chromium tests"
	@echo "make lint           ruff check, ruff format --check, djhtml"
	@echo "make messages       regenerate and compile the translation catalogues"
	@echo "make wheel          build the sdist and wheel into dist/"

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[testing]" -r example_site/requirements.txt
	touch $@

venv: $(VENV)/.installed

demo: venv
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) tuidang_demo
	@echo ""
	@echo "  Site:   http://127.0.0.1:$(PORT)/"
	@echo "  Admin:  http://127.0.0.1:$(PORT)/admin/"
	@echo "  Logins (demo only):"
	@$(MANAGE) shell -c "from home.management.commands.tuidang_demo import DEMO_USERS; [print(f'    {u:<10} password {p}') for u, (p, g) in DEMO_USERS.items()]"
	@echo ""
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: venv
	$(PY) -m pytest -m "not slow and not browser" $(PYTEST_ARGS)

test-postgres: venv
	DATABASE_URL=$${DATABASE_URL:-$(POSTGRES_URL)} $(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

test-browser: venv
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

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

benchmark: venv
	$(PY) benchmarks/run.py

clean:
	rm -rf dist build *.egg-info example_site/db.sqlite3 example_site/media
