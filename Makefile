# Development tasks. `make run` works on a bare machine: SQLite, tasks in-process, DEBUG on.
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

.DEFAULT_GOAL := help
.PHONY: help venv run test lint format worker beat bench soak migrate demo clean require-redis

help:
	@echo "make run      install, migrate, load the demo journal, serve http://$(HOST_PORT)"
	@echo "make test     the test suite (extra pytest options: PYTEST_ARGS='-k outbox -x')"
	@echo "make lint     ruff check, ruff format --check, and the layout's import contracts (lint-imports)"
	@echo "make format   sort imports and format with ruff"
	@echo "make worker   a Celery worker (needs REDIS_URL)"
	@echo "make beat     Celery beat, the periodic sweep (needs REDIS_URL)"
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

# DEBUG serves static files from the source folders, so no collectstatic here.
run: demo
	$(MANAGE) runserver $(HOST_PORT)

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: venv
	$(BIN)/ruff check --select I --fix .
	$(BIN)/ruff format .

require-redis:
	@if [ -z "$(REDIS_URL)" ]; then \
		echo "REDIS_URL is not set. Without it tasks run in-process and there is no broker for Celery;" >&2; \
		echo "start Redis and run e.g.: REDIS_URL=redis://127.0.0.1:6379/0 make $(MAKECMDGOALS)" >&2; \
		exit 1; \
	fi

worker: require-redis venv
	$(BIN)/celery -A journal worker -l info

beat: require-redis venv
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
	rm -rf .pytest_cache .ruff_cache staticfiles $(BEAT_SCHEDULE)*
