# Two commands do all set-up: `make run` (site with seeded data on SQLite)
# and `make test` (the whole suite on SQLite and, when its binaries exist,
# a throwaway PostgreSQL cluster).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run serve test test-sqlite test-postgres test-reverse mutants lint format migrations-check bench reliability clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Local site with seeded data; DEBUG is switched on here only.
run: export DJANGO_DEBUG ?= 1
run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Production-style: gunicorn behind a proxy; needs DJANGO_SECRET_KEY,
# DJANGO_ALLOWED_HOSTS and DATABASE_URL in the environment. Threaded
# workers (gunicorn.conf.py: $$WEB_CONCURRENCY processes of
# $$GUNICORN_THREADS threads, 2 × 8): a download lasts as long as its client
# takes without the worker timeout cutting it, and slow downloads leave
# threads free for the other pages (sync workers did neither).
serve: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v0
	PORT=$(PORT) $(VENV)/bin/gunicorn -c gunicorn.conf.py tracker.wsgi

# Both databases at once, one suite per core; each suite's output is printed
# whole when it ends (--output-sync). `make test-sqlite` or
# `make test-postgres` runs one.
test: $(STAMP)
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: $(STAMP)
	@echo "== Test suite on SQLite"
	TRACKER_TEST_DB=sqlite $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@echo "== Test suite on PostgreSQL"
	TRACKER_TEST_DB=postgres $(PY) -m pytest $(PYTEST_ARGS)

# The suite runs in a random order by default (pytest-randomly prints the
# seed; replay one order with PYTEST_ARGS="--randomly-seed=<seed>", keep file
# order with PYTEST_ARGS="-p no:randomly"). This target runs it in reverse
# file order on both databases, to catch a test that needs what another left.
test-reverse: $(STAMP)
	@echo "== Test suite on SQLite, reverse order"
	TRACKER_TEST_DB=sqlite $(PY) -m pytest -p no:randomly --reverse $(PYTEST_ARGS)
	@echo "== Test suite on PostgreSQL, reverse order"
	TRACKER_TEST_DB=postgres $(PY) -m pytest -p no:randomly --reverse $(PYTEST_ARGS)

# Mutation testing (mutmut, settings in pyproject.toml) of the modules that
# decide what users see; takes about an hour on 2 cores. Prints the mutants
# that no test kills; `$(VENV)/bin/mutmut show <name>` shows one.
MUTANT_STAMP := $(VENV)/.mutants-installed
$(MUTANT_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,mutants]'
	touch $(MUTANT_STAMP)

mutants: $(MUTANT_STAMP)
	TRACKER_TEST_DB=sqlite $(VENV)/bin/mutmut run --max-children $${MUTANT_JOBS:-2}
	@echo "== Surviving mutants"
	@$(VENV)/bin/mutmut results

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	$(MANAGE) makemigrations --check --dry-run

# Full-size benchmarks (about half an hour; needs PostgreSQL and wrk): this
# site beside Datasette on one SQLite file, pages and CSV export on
# 127.0.0.1 (Datasette installs into bench/out/ on first use).
# Smaller runs: make bench BENCH_ARGS="--scale 0.1".
BENCH_ARGS ?=
bench: $(STAMP)
	$(PY) bench/side_by_side.py $(BENCH_ARGS)
	$(PY) bench/pages.py $(BENCH_ARGS)
	$(PY) bench/export.py $(BENCH_ARGS)

# Reliability of the site as `make serve` runs it (a few minutes; needs
# PostgreSQL and wrk): load, concurrent exports, a PostgreSQL restart under
# load, slow clients. At --scale 0.1 by default; full size:
# make reliability RELIABILITY_ARGS="--scale 1".
RELIABILITY_ARGS ?=
reliability: $(STAMP)
	$(PY) bench/reliability.py $(RELIABILITY_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis mutants
