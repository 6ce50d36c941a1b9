"""An environment for a fresh interpreter of the project, with none of this process's settings in it.

Settings are read from the environment once, at import: a case that starts Django (or Celery) in a
new process must not inherit the developer's shell or what the test process set for itself
(tests/support/environment.py sets SECRET_KEY and friends, the browser tests set
DJANGO_ALLOW_ASYNC_UNSAFE, a services pass sets DATABASE_URL and REDIS_URL).
"""

from __future__ import annotations

import os

# Everything journal/settings.py, journal/celery.py, load_demo and Django read.
SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "REDIS_URL",
    "REDIS_TIMEOUT_SECONDS",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "MEDIA_ROOT",
    "MANUSCRIPT_MAX_BYTES",
    "STATIC_MANIFEST",
    "TIME_ZONE",
    "LOG_LEVEL",
    "BEHIND_TLS_PROXY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_LOCKOUT_MINUTES",
    "CACHE_FOLDER",
    "SITE_URL",
    "DEMO_PASSWORD",
    "USAGE_BUFFER",
    # The beat schedule's periods (journal/celery.py)
    "OUTBOX_SWEEP_SECONDS",
    "USAGE_FLUSH_SECONDS",
    "DEPOSIT_SWEEP_SECONDS",
    "REVIEW_REMINDER_SECONDS",
    "PUBLISH_DUE_SECONDS",
    "HEARTBEAT_SECONDS",
    # Accounts (editorial/accounts/)
    "SITE_NAME",
    "PRIVACY_STATEMENT",
    "ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS",
    "MFA_REQUIRED_FOR_EDITORS",
}
SETTINGS_PREFIXES = ("DJANGO_", "CROSSREF_", "CELERY_", "SECURE_")


def environment_without_settings(**variables: str) -> dict[str, str]:
    """This process's environment less every settings variable, with ``variables`` set."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in SETTINGS_VARIABLES and not name.startswith(SETTINGS_PREFIXES)
    }
    environment.update(variables)
    return environment
