"""Settings come from the environment.

Each case starts a fresh interpreter with an environment built for it, because settings are read
once, at import: the test process itself was configured long before these tests run.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.settings_environment import environment_without_settings

BASE_DIR = Path(__file__).resolve().parents[2]

CROSSREF_VARIABLES = {
    "CROSSREF_API_URL": "http://127.0.0.1:8765/api",
    "CROSSREF_MAILTO": "editor@journal.example.org",
    "CROSSREF_DEPOSIT_URL": "http://127.0.0.1:8765/deposit",
    "CROSSREF_LOGIN_ID": "jrnl-login",
    "CROSSREF_LOGIN_PASSWD": "deposit-password-42",
    "CROSSREF_DEPOSITOR_NAME": "Journal Depositor",
    "CROSSREF_DEPOSITOR_EMAIL": "doi@journal.example.org",
}

SHOW_SETTINGS = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "journal.settings"
import django
django.setup()
from django.conf import settings
from journal.celery import app
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "DATABASE": {key: str(database.get(key, "")) for key in ("ENGINE", "NAME", "HOST", "PORT", "USER", "PASSWORD")},
    "CACHE": settings.CACHES["default"],
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "celery_app": {
        "broker_url": app.conf.broker_url,
        "result_backend": app.conf.result_backend,
        "task_always_eager": app.conf.task_always_eager,
        "broker_transport_options": app.conf.broker_transport_options,
    },
    "CROSSREF": {name: getattr(settings, name) for name in dir(settings) if name.startswith("CROSSREF_")},
}))
"""

# A .env file in the project fills in whatever the environment leaves unset, which would make
# the "unset means default" cases test the developer's file instead of the defaults.
needs_no_dotenv = pytest.mark.skipif(
    (BASE_DIR / ".env").exists(), reason="a .env file in the project would override the defaults under test"
)


def _environment(**variables: str) -> dict[str, str]:
    """Neither the developer's shell nor the test process leaks into a case."""
    return environment_without_settings(**variables)


def _production(**variables: str) -> dict[str, str]:
    return _environment(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(45), **variables)


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=120, check=False
    )


def _settings_under(env: dict[str, str]) -> dict:
    result = _run(["-c", SHOW_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@needs_no_dotenv
def test_database_defaults_to_a_sqlite_file_inside_the_project():
    database = _settings_under(_production())["DATABASE"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(BASE_DIR / "db.sqlite3")


def test_postgres_database_url_selects_postgresql_with_its_parts():
    env = _production(DATABASE_URL="postgres://editor:s3cret@db.journal.example.org:6543/journal_prod")

    database = _settings_under(env)["DATABASE"]

    assert database == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "journal_prod",
        "HOST": "db.journal.example.org",
        "PORT": "6543",
        "USER": "editor",
        "PASSWORD": "s3cret",
    }


def test_redis_url_makes_redis_the_broker_result_backend_and_cache():
    url = "redis://cache.journal.example.org:6380/2"

    shown = _settings_under(_production(REDIS_URL=url))

    assert shown["CELERY_BROKER_URL"] == url
    assert shown["CELERY_RESULT_BACKEND"] == url
    assert shown["CELERY_TASK_ALWAYS_EAGER"] is False
    assert {key: shown["celery_app"][key] for key in ("broker_url", "result_backend", "task_always_eager")} == {
        "broker_url": url,
        "result_backend": url,
        "task_always_eager": False,
    }
    assert shown["CACHE"]["BACKEND"] == "journal.redis_cache.ReusingRedisCache"
    assert shown["CACHE"]["LOCATION"] == url
    assert shown["CACHE"]["OPTIONS"] == {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}


@needs_no_dotenv
def test_without_redis_tasks_go_to_a_worker_through_a_folder_and_the_cache_is_shared_files(tmp_path):
    """No configuration runs tasks inside the web request: without Redis the broker is a folder that
    the web server, the worker and beat share, and so is the cache."""
    shown = _settings_under(_production(CELERY_BROKER_FOLDER=str(tmp_path / "broker")))

    assert shown["CELERY_TASK_ALWAYS_EAGER"] is False
    assert shown["celery_app"]["task_always_eager"] is False
    assert shown["celery_app"]["broker_url"] == "filesystem://"
    options = shown["celery_app"]["broker_transport_options"]
    assert options["data_folder_in"] == options["data_folder_out"] == str(tmp_path / "broker" / "queue")
    assert (tmp_path / "broker" / "queue").is_dir()
    assert shown["CACHE"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert shown["CACHE"]["LOCATION"] == str(BASE_DIR / "var" / "cache")


def test_crossref_settings_are_read_from_the_environment():
    shown = _settings_under(_production(**CROSSREF_VARIABLES))

    assert {name: shown["CROSSREF"].get(name) for name in CROSSREF_VARIABLES} == CROSSREF_VARIABLES


def test_allowed_hosts_is_a_comma_separated_list():
    shown = _settings_under(_production(ALLOWED_HOSTS="journal.example.org,www.journal.example.org"))

    assert shown["ALLOWED_HOSTS"] == ["journal.example.org", "www.journal.example.org"]


@needs_no_dotenv
def test_production_without_secret_key_refuses_to_start_and_names_it():
    result = _run(["-c", SHOW_SETTINGS], _environment(DEBUG="false"))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@needs_no_dotenv
def test_development_runs_without_a_secret_key():
    """`make run` on a bare machine sets only DEBUG=true."""
    shown = _settings_under(_environment(DEBUG="true"))

    assert shown["DEBUG"] is True


def test_deploy_check_passes_with_production_settings():
    env = _production(ALLOWED_HOSTS="journal.example.org")
    assert len(env["SECRET_KEY"]) == 60

    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


SHOW_HEADERS = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "journal.settings"
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
settings.ALLOWED_HOSTS = ["testserver"]
client = Client()
# A form page that reads no table (this interpreter's database is empty; the sign-in page looks up
# whether any journal takes sign-ups)
plain = client.get("/accounts/password/reset/")
secure = client.get("/accounts/password/reset/", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "cookies": {name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]), "samesite": c["samesite"]}
                for name, c in secure.cookies.items()},
    "axes_limit": settings.AXES_FAILURE_LIMIT,
    "axes_cooloff_minutes": settings.AXES_COOLOFF_TIME.total_seconds() / 60,
}))
"""


def test_production_answers_with_hsts_csp_and_secure_cookies():
    # STATIC_MANIFEST off only because no collectstatic ran here; everything else is production.
    shown = _settings_under(_production(ALLOWED_HOSTS="journal.example.org"))
    result = _run(["-c", SHOW_HEADERS], _production(ALLOWED_HOSTS="journal.example.org", STATIC_MANIFEST="false"))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])

    assert shown["DEBUG"] is False
    # Plain HTTP is sent to HTTPS.
    assert answer["plain_status"] == 301
    assert answer["plain_location"].startswith("https://")
    assert answer["status"] == 200
    headers = answer["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert directives["script-src"] == "'self'"  # the header's directives come in no fixed order
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    # A form (the password reset's) sets the CSRF cookie: secure, so never sent over plain HTTP.
    assert answer["cookies"]["csrftoken"]["secure"] is True


def test_the_sign_in_lockout_limit_and_cool_off_are_read_from_the_environment():
    env = _production(LOGIN_FAILURE_LIMIT="7", LOGIN_LOCKOUT_MINUTES="45", STATIC_MANIFEST="false")
    result = _run(["-c", SHOW_HEADERS], env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])

    assert answer["axes_limit"] == 7
    assert answer["axes_cooloff_minutes"] == 45


def test_the_deploy_check_fails_when_production_relaxes_security():
    """The deploy check above can fail: with HSTS off and cookies insecure it names each problem."""
    env = _production(
        ALLOWED_HOSTS="journal.example.org",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )

    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode != 0
    for check in ("security.W004", "security.W012", "security.W016"):
        assert check in result.stdout + result.stderr


@pytest.mark.redis
def test_the_redis_cache_reuses_one_client_and_still_reads_and_writes(settings):
    from journal.redis_cache import ReusingRedisCache

    cache = ReusingRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-reuse"})
    cache.set("answer", 42, 30)
    assert cache.get("answer") == 42
    assert cache._cache.get_client() is cache._cache.get_client()
    cache.delete("answer")
    assert cache.get("answer") is None
