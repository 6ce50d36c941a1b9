"""What every benchmark needs: a fresh database, gunicorn, wrk on loopback, a Celery worker.

Benchmarks run against PostgreSQL and Redis on 127.0.0.1 (override with BENCH_DATABASE_URL and
BENCH_REDIS_URL). The database named there is dropped and created again: never point it at data
you want to keep.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")


def bench_env(**overrides: str) -> dict[str, str]:
    """Production settings over plain HTTP on loopback, on the benchmark's own database and Redis DB."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        DEBUG="false",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_MANIFEST="false",
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="60",
        DJANGO_SETTINGS_MODULE="bench.settings",
    )
    env.update(overrides)
    return env


ENV = bench_env()


def setup_django() -> None:
    """For sections that use the ORM in-process, with the same settings as the server."""
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def manage(*args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env or ENV, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def reset_database() -> None:
    """Drop and create the benchmark database, migrate, flush its Redis DB."""
    import psycopg
    import redis

    parsed = urlparse(DATABASE_URL)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    manage("migrate", "--noinput")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextmanager
def gunicorn(*, workers: int = 4, env: dict[str, str] | None = None) -> Iterator[str]:
    """gunicorn on a free loopback port; yields the base URL and stops the server afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "journal.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env or ENV,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@contextmanager
def celery_beat() -> Iterator[None]:
    """Celery beat with its schedule file in a temporary folder (the periodic sweeps of the outbox)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        command = [PYTHON, "-m", "celery", "-A", "journal", "beat", "-l", "warning", "-s", f"{folder}/schedule"]
        process = subprocess.Popen(command, cwd=ROOT, env=ENV)
        try:
            yield
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


@contextmanager
def celery_worker(*, concurrency: int = 2) -> Iterator[None]:
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "journal",
            "worker",
            "-c",
            str(concurrency),
            "-l",
            "warning",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        time.sleep(3)  # the worker connects and declares its queue
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


_DURATION = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(number) * _DURATION[unit], 3)


def wrk(url: str, *, seconds: int = 10, connections: int = 8, threads: int = 1) -> dict[str, float]:
    """Load from a second process on loopback, bounded in time; requests/s and p50/p99 in ms."""
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)),
        "p99_ms": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def emit(section: str, figures: dict) -> None:
    """A section script's only output: one JSON object keyed by the section name."""
    print(json.dumps({section: figures}))
