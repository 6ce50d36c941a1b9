# Development tasks. `make run` works on a bare machine: SQLite, a Celery worker and beat on a broker
# in files (var/broker), the Crossref stand-in, DEBUG on; with REDIS_URL, Redis is the broker.
#
# The targets that start Django or Celery for a developer (run, migrate, demo, worker, beat)
# export DEBUG=true unless DEBUG is already set, so they need no SECRET_KEY; a deployment sets
# DEBUG=false and its own SECRET_KEY (see README.md). `make test` leaves DEBUG alone: the suite
# sets up its own production-like environment.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
# Written after a successful install; older than any requirements file means "install again".
INSTALLED := $(VENV)/.installed
REQUIREMENTS := $(wildcard requirements/*.txt) package.json package-lock.json
HOST_PORT ?= 127.0.0.1:8000
BEAT_SCHEDULE ?= .celerybeat-schedule
# The Crossref stand-in's ports (deposit system, REST API), when make run starts it.
STANDIN_DEPOSIT_PORT ?= 8099
STANDIN_REST_PORT ?= 8098

.DEFAULT_GOAL := help
.PHONY: help venv run test lint format worker beat bench soak migrate demo clean

help:
	@echo "make run      install, migrate, load the demo journal; serve http://$(HOST_PORT) with a worker and beat"
	@echo "make test     the test suite (extra pytest options: PYTEST_ARGS='-k outbox -x')"
	@echo "make lint     ruff check, ruff format --check, and the layout's import contracts (lint-imports)"
	@echo "make format   sort imports and format with ruff"
	@echo "make worker   a Celery worker alone (make run starts one)"
	@echo "make beat     Celery beat alone, the periodic jobs (make run starts it)"
	@echo "make migrate  apply database migrations"
	@echo "make demo     (re)load the demo journal"
	@echo "make bench    run the benchmarks (bench/run.py)"
	@echo "make soak     60 s mixed load and a PostgreSQL restart, then an account (soak/run.py)"
	@echo "make venv     create $(VENV) and install requirements/dev.txt"
	@echo "make clean    remove caches and collected static files (keeps $(VENV) and db.sqlite3)"

run migrate demo worker beat: export DEBUG ?= true

venv: $(INSTALLED)

$(INSTALLED): $(REQUIREMENTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -r requirements/dev.txt
	npm ci --no-audit --no-fund  # axe-core for the browser tests (pinned in package-lock.json)
	touch $@

migrate: venv
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

# Without any CROSSREF_* setting, make run starts the project's Crossref stand-in (crossref_standin/)
# and points the site at it, so a newcomer sees a DOI go queued -> submitted -> registered offline.
ifeq ($(strip $(CROSSREF_DEPOSIT_URL)$(CROSSREF_API_URL)$(CROSSREF_LOGIN_ID)),)
RUN_PROCESSES := web worker beat crossref
run demo: export CROSSREF_DEPOSIT_URL = http://127.0.0.1:$(STANDIN_DEPOSIT_PORT)
run demo: export CROSSREF_PRODUCTION_DEPOSIT_URL = http://127.0.0.1:$(STANDIN_DEPOSIT_PORT)/production
run demo: export CROSSREF_API_URL = http://127.0.0.1:$(STANDIN_REST_PORT)
run demo: export CROSSREF_LOGIN_ID = demo
run demo: export CROSSREF_LOGIN_PASSWD = demo
run demo: export CROSSREF_DEPOSITOR_NAME = Demo Depositor
run demo: export CROSSREF_DEPOSITOR_EMAIL = deposits@journal.example.org
run demo: export CROSSREF_POLL_SECONDS = 10
else
RUN_PROCESSES := web worker beat
endif
# E-mailed links are built from SITE_URL (by the worker, mostly): it follows HOST_PORT unless it is set.
run worker beat: export SITE_URL ?= http://$(HOST_PORT)
run: export HOST_PORT := $(HOST_PORT)
run: export PYTHONUNBUFFERED := 1
run: export BEAT_SCHEDULE := $(BEAT_SCHEDULE)
run: export STANDIN_DEPOSIT_PORT := $(STANDIN_DEPOSIT_PORT)
run: export STANDIN_REST_PORT := $(STANDIN_REST_PORT)

# The web server, a worker, beat (and the stand-in) from the Procfile, under honcho: Ctrl-C stops
# them all, and so does any one of them exiting. DEBUG serves static files from the source folders.
run: demo
	SITE_URL="$(SITE_URL)" PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho start --procfile Procfile $(RUN_PROCESSES)

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: venv
	$(BIN)/ruff check --select I --fix .
	$(BIN)/ruff format .

worker: venv
	$(BIN)/celery -A journal worker -l info --without-mingle --without-gossip

beat: venv
	$(BIN)/celery -A journal beat -l info --schedule $(BEAT_SCHEDULE)

# Against PostgreSQL and Redis on 127.0.0.1 (BENCH_DATABASE_URL, BENCH_REDIS_URL); wrk from Debian.
bench: venv
	@command -v wrk >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk)
	$(PY) bench/run.py $(SECTIONS)

# A PostgreSQL cluster of its own (initdb from the machine's PostgreSQL packages) and Redis DB 8.
soak: venv
	$(PY) soak/run.py

clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache staticfiles $(BEAT_SCHEDULE)* var/cache
