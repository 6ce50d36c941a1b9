"""The broker without Redis: kombu's filesystem transport against its SQLAlchemy transport on the
SQLite file, in `make run`'s configuration (SQLite, a worker of two processes), and Redis for scale.

For each broker: the time from queueing one e-mail to its being sent (median of 20, one at a time);
300 e-mails queued at once and drained; and, while those drain, what the web server feels: a loop
of small write transactions on the same SQLite file, with their p99 and how many failed with
"database is locked". The SQLAlchemy transport is measured only where SQLAlchemy is installed (it is
not a dependency: `pip install sqlalchemy` first to compare).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import PYTHON, REDIS_URL, ROOT, bench_env, emit

ONE_AT_A_TIME = 20
AT_ONCE = 300


def brokers(folder: Path) -> dict[str, dict[str, str]]:
    found = {"filesystem": {"REDIS_URL": "", "CELERY_BROKER_FOLDER": str(folder / "broker")}}
    try:
        import sqlalchemy  # noqa: F401
    except ImportError:
        pass
    else:
        found["sqlalchemy"] = {"REDIS_URL": "", "CELERY_BROKER_URL": f"sqla+sqlite:///{folder / 'db.sqlite3'}"}
    found["redis"] = {"REDIS_URL": REDIS_URL}
    return found


def measure(name: str, overrides: dict[str, str], folder: Path) -> dict:
    env = bench_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        CACHE_FOLDER=str(folder / "cache"),
        EMAIL_URL="dummymail://",
        DJANGO_SETTINGS_MODULE="journal.settings",
        **overrides,
    )
    if overrides.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(overrides["REDIS_URL"]).flushdb()
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    script = Path(__file__).with_name("broker_probe.py")
    result = subprocess.run(
        [PYTHON, str(script), str(ONE_AT_A_TIME), str(AT_ONCE)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    figures: dict[str, object] = {}
    for name in ("filesystem", "sqlalchemy", "redis"):
        with tempfile.TemporaryDirectory(prefix=f"bench-broker-{name}-") as scratch:
            options = brokers(Path(scratch))
            if name not in options:
                figures[f"{name}_measured"] = "no (SQLAlchemy is not installed)"
                continue
            for key, value in measure(name, options[name], Path(scratch)).items():
                figures[f"{name}_{key}"] = value
    emit("broker", figures)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    main()
