"""Settings, read from the environment (twelve-factor).

Every setting a deployment changes is an environment variable; see README.md for the list.
With no environment at all the project runs on a SQLite file, with Celery's broker and the cache
in folders beside it, so ``make run`` (web server, worker and beat) works on a bare machine.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on; production must set its own.
_DEV_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=true for development).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from this site (no CDN)
    "django_countries",
    "editorial",
    # Security (issue 10): sign-in lockout, Content-Security-Policy
    "axes",
    "csp",
    # Accounts (issue 18): sign-up, e-mail confirmation, password reset, e-mail change
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    # Issue 15: every answer under /api/ is JSON, errors included, whichever layer answered
    "editorial.web.middleware.ApiErrorsAsJsonMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Security (issue 10): the CSP header; axes (it turns a lockout into the sign-in page); a 400 for
    # a NUL character in the address (PostgreSQL refuses it: it was a 500)
    "editorial.web.content_security.PolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Accounts (issue 18): site admins and managing editors set up two-factor sign-in first, when required
    "editorial.accounts.middleware.TwoFactorRequiredMiddleware",
    "editorial.web.middleware.RejectNulCharactersMiddleware",
]

ROOT_URLCONF = "journal.urls"
WSGI_APPLICATION = "journal.wsgi.application"
ASGI_APPLICATION = "journal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "editorial.desk.context_processors.navigation",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A kept connection is checked before reuse, so a database restart costs one request nothing.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # make run's web server, worker and beat write to one SQLite file: readers never wait for a
    # writer (WAL), a write transaction takes the lock when it begins instead of failing half-way
    # (IMMEDIATE), and a writer waits up to 20 s for another rather than failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    # A Redis that hangs must not hang every page: each cache call gives up after this long.
    _REDIS_SECONDS = env.float("REDIS_TIMEOUT_SECONDS", default=1.0)
    CACHES = {
        "default": {
            "BACKEND": "journal.redis_cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": _REDIS_SECONDS, "socket_timeout": _REDIS_SECONDS},
        }
    }
else:
    # The web server, the worker and beat are separate processes: a page the worker drops from the
    # cache (a scheduled article published, a DOI registered) must be gone for the web server too,
    # so the cache without Redis is a folder they share, not each process's own memory.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("CACHE_FOLDER", default=str(BASE_DIR / "var" / "cache")),
        }
    }

# --- Celery: Redis when configured, otherwise a broker in a folder beside the database -------------
#
# Tasks always go through a broker to a worker: no configuration runs them inside a web request.
# Without REDIS_URL the broker is kombu's filesystem transport: one file per message in
# CELERY_BROKER_FOLDER, which needs no server and no extra package, survives a restart of every
# process, and leaves the SQLite file to the web server. Kombu's SQLAlchemy transport on that file
# was ten times slower from queue to worker (bench/broker.py; figures in README.md, "Background work").
# Eager mode is for unit tests that ask for it by name (tests/support/workers.py).

BROKER_FOLDER = Path(env.str("CELERY_BROKER_FOLDER", default=str(BASE_DIR / "var" / "broker")))
# CELERY_BROKER_URL picks another broker (RabbitMQ's amqp://, say) over both.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "filesystem://"
# Results are not kept: each task's outbox row records its outcome (editorial/outbox). With Redis a
# result store is configured anyway, for operators' tools that read it.
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = False
# A task taken by a worker that then died (kill -9, lost machine) is handed out again after this
# many seconds (acks_late). It must be longer than the longest task and any retry countdown.
# Workers look for such tasks every CELERY_RESTORE_SECONDS (kombu's own default is a scan about
# every 100 s: a 10 s timer that scans on every tenth tick).
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        "unacked_restore_interval": env.int("CELERY_RESTORE_SECONDS", default=60),
        "unacked_restore_throttle": 1,
    }
elif CELERY_BROKER_URL.startswith("filesystem://"):
    # Producers write into the queue folder and the worker reads from the same one; it looks every
    # tenth of a second (a directory listing), so a task starts about as soon as with Redis. A task a
    # killed worker had taken is sent again by the outbox sweep (editorial/outbox/dispatch.py).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_FOLDER / "queue"),
        "data_folder_out": str(BROKER_FOLDER / "queue"),
        "control_folder": str(BROKER_FOLDER / "control"),
        "processed_folder": str(BROKER_FOLDER / "processed"),
        "polling_interval": env.float("CELERY_POLL_SECONDS", default=0.1),
    }
    for _folder in ("queue", "control", "processed"):
        (BROKER_FOLDER / _folder).mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
# A result store that is down costs a caller at most about a second, not Celery's default ~20 s.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
}
# Tests that ask for in-process tasks get them as a worker runs them: a retry runs again (at once)
# and a final failure is recorded on the task's outbox row. Propagating would raise the first Retry
# into the dispatcher, so a mail server that hangs up once would leave the e-mail pending for good.
CELERY_TASK_EAGER_PROPAGATES = False
# How often a worker records its heartbeat (journal/celery.py schedules it from the same variable);
# a worker silent for two of these is reported as not running.
HEARTBEAT_SECONDS = env.int("HEARTBEAT_SECONDS", default=30)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)

# --- Public site: article page cache, preview links, usage counting (COUNTER R5) -----------------

# Rendered article pages are cached this long at most; every change to what a page shows drops them sooner.
ARTICLE_PAGE_CACHE_SECONDS = env.int("ARTICLE_PAGE_CACHE_SECONDS", default=3600)
# How long a signed preview link for an unpublished article stays valid.
PREVIEW_LINK_MAX_AGE = env.int("PREVIEW_LINK_MAX_AGE", default=14 * 24 * 3600)
# Views and downloads: buffered in Redis and flushed by the beat task every USAGE_FLUSH_SECONDS
# (read in journal/celery.py), or, without Redis, written to the database on each request.
USAGE_BUFFER = env.bool("USAGE_BUFFER", default=bool(REDIS_URL))
USAGE_FLUSH_SECONDS = env.int("USAGE_FLUSH_SECONDS", default=60)
USAGE_DOUBLE_CLICK_SECONDS = env.int("USAGE_DOUBLE_CLICK_SECONDS", default=30)
# Behind a proxy, the request header holding the client address, e.g. HTTP_X_FORWARDED_FOR.
USAGE_CLIENT_IP_HEADER = env.str("USAGE_CLIENT_IP_HEADER", default="")
SEARCH_PAGE_SIZE = env.int("SEARCH_PAGE_SIZE", default=20)

# --- Crossref ----------------------------------------------------------------------------------

CROSSREF_API_URL = env.str("CROSSREF_API_URL", default="https://api.crossref.org")
CROSSREF_MAILTO = env.str("CROSSREF_MAILTO", default="")
CROSSREF_DEPOSIT_URL = env.str("CROSSREF_DEPOSIT_URL", default="https://test.crossref.org")
CROSSREF_PRODUCTION_DEPOSIT_URL = env.str("CROSSREF_PRODUCTION_DEPOSIT_URL", default="https://doi.crossref.org")
CROSSREF_LOGIN_ID = env.str("CROSSREF_LOGIN_ID", default="")
CROSSREF_LOGIN_PASSWD = env.str("CROSSREF_LOGIN_PASSWD", default="")
CROSSREF_DEPOSITOR_NAME = env.str("CROSSREF_DEPOSITOR_NAME", default="")
CROSSREF_DEPOSITOR_EMAIL = env.str("CROSSREF_DEPOSITOR_EMAIL", default="")
CROSSREF_POLL_SECONDS = env.int("CROSSREF_POLL_SECONDS", default=60)
# Seconds to wait for Crossref's deposit system to answer, and the first pause before a retry
# (it doubles with each retry, with jitter, up to ten minutes).
CROSSREF_HTTP_TIMEOUT = env.float("CROSSREF_HTTP_TIMEOUT", default=60.0)
CROSSREF_RETRY_BASE_SECONDS = env.float("CROSSREF_RETRY_BASE_SECONDS", default=2.0)

# The site's public address: the base of the article URLs registered with each DOI.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- E-mail ------------------------------------------------------------------------------------

# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587; the console in development.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="journal@localhost")

# --- Files -------------------------------------------------------------------------------------

MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
MANUSCRIPT_MAX_BYTES = env.int("MANUSCRIPT_MAX_BYTES", default=50 * 1024 * 1024)
# A DOCX or ODT is a zip package: refused past this many parts or this size unpacked (zip bombs).
DOCUMENT_PACKAGE_MAX_PARTS = env.int("DOCUMENT_PACKAGE_MAX_PARTS", default=2000)
DOCUMENT_PACKAGE_MAX_UNPACKED_BYTES = env.int("DOCUMENT_PACKAGE_MAX_UNPACKED_BYTES", default=500 * 1024 * 1024)

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves hashed, compressed files made by collectstatic; development and tests
# serve the source files directly.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# --- Peer review ------------------------------------------------------------------------------

# How long the one-click accept and decline links of a review invitation stay valid (seconds).
REVIEW_LINK_MAX_AGE = env.int("REVIEW_LINK_MAX_AGE", default=21 * 24 * 3600)

# --- Reference checks against Crossref's REST API ------------------------------------------------

# Lookups run in parallel within one reference list, never more than this many at once.
REFERENCE_CHECK_CONCURRENCY = env.int("REFERENCE_CHECK_CONCURRENCY", default=8)
# How long a Crossref answer is reused (Redis when REDIS_URL is set, else the database).
REFERENCE_CHECK_CACHE_SECONDS = env.int("REFERENCE_CHECK_CACHE_SECONDS", default=24 * 3600)
CROSSREF_REST_TIMEOUT = env.float("CROSSREF_REST_TIMEOUT", default=10.0)
CROSSREF_REST_RETRIES = env.int("CROSSREF_REST_RETRIES", default=3)
CROSSREF_REST_BACKOFF_SECONDS = env.float("CROSSREF_REST_BACKOFF_SECONDS", default=0.5)

# --- Language and time -------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Auth --------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in brute force (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one user name from
# one address, sign-in is refused for LOGIN_LOCKOUT_MINUTES (see editorial/login_lockout.py).
AUTHENTICATION_BACKENDS = [
    "editorial.web.login_lockout.LockoutBackend",
    # by user name or e-mail address (allauth); ModelBackend stays for sessions made before it
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "editorial.web.login_lockout.lockout_client_ip"
AXES_LOCKOUT_CALLABLE = "editorial.web.login_lockout.lockout_response"
# The sign-in form's field is allauth's "login" (a user name or an e-mail address); an address
# counts against the account's user name, so the two ways in share one count.
AXES_USERNAME_CALLABLE = "editorial.web.login_lockout.lockout_username"
AXES_HTTP_RESPONSE_CODE = 429
# Failed attempts are kept in the database; successful sign-ins are not logged row by row.
AXES_DISABLE_ACCESS_LOG = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "editorial-home"
LOGOUT_REDIRECT_URL = "home"

# Accounts (django-allauth; editorial/accounts/). Sign-up needs a confirmed e-mail address before the
# first sign-in; a journal can close sign-up (Journal.signup_open). Every link in these e-mails is
# built on SITE_URL (editorial.accounts.adapter), and the e-mails go through the outbox.
ACCOUNT_ADAPTER = "editorial.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "editorial.accounts.forms.SignInForm",
    "signup": "editorial.accounts.forms.SignUpForm",
    "reset_password": "editorial.accounts.forms.PasswordResetForm",
    "reset_password_from_key": "editorial.accounts.forms.NewPasswordForm",
    "add_email": "editorial.accounts.forms.NewEmailForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# A taken address gets a clear message at sign-up (issue 18), which tells that the address has an account.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = SITE_URL.split("://", 1)[0]
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = env.int("ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS", default=3)
# Failed sign-ins are counted by django-axes (the lockout above), not by allauth a second time.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
# Two-factor sign-in (allauth's MFA): an authenticator app (TOTP) and recovery codes, for everyone.
# MFA_REQUIRED_FOR_EDITORS: site admins (staff) and managing editors must set it up before anything else.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_REQUIRED_FOR_EDITORS = env.bool("MFA_REQUIRED_FOR_EDITORS", default=False)
# Whoever is signed in has a confirmed address (sign-up) or one the office gave (see
# editorial.accounts.stages): allauth's "confirm your address first" would only stop the latter.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# The signature of account e-mails not tied to one journal (a journal's own carry its title).
SITE_NAME = env.str("SITE_NAME", default="Journals")
MFA_TOTP_ISSUER = SITE_NAME
# Shown at sign-up when the journal has no privacy statement of its own.
PRIVACY_STATEMENT = env.str(
    "PRIVACY_STATEMENT",
    default=(
        "We keep your name, e-mail address and what you send us (manuscripts, reviews, messages) to run "
        "the journal's editorial work: to reach you about your submissions and reviews and to credit you "
        "in what is published. Editors and, where the review is open, reviewers see what they need for "
        "that work. We do not sell or share your data for any other purpose. You may ask for a copy of "
        "what we hold about you, or for your account to be closed, at any time."
    ),
)

REST_FRAMEWORK = {
    # Token first: an anonymous request is then answered 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "editorial.web.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Journal editorial system API",
    "DESCRIPTION": "Submissions, reviews, publications and DOI registration.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # /api/docs/ works offline and under the site's policy: Swagger UI from drf-spectacular-sidecar's
    # static files, its start-up script from the split view, its page style from static/css/
    # (templates/drf_spectacular/swagger_ui.html), and no request to the online validator.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DecisionKindEnum": "editorial.submissions.models.decisions.DecisionKind",
        "FileKindEnum": "editorial.submissions.models.submissions.ManuscriptFile.Kind",
        # Several models have a "state" with its own choices: name each enum after its model.
        "DoiRegistrationStateEnum": "editorial.deposits.models.RegistrationState",
        "DepositBatchStateEnum": "editorial.deposits.models.DepositBatch.State",
        "DepositBatchReasonEnum": "editorial.deposits.models.DepositBatch.Reason",
        "ReferenceCheckStateEnum": "editorial.references.models.ReferenceCheck.State",
        "ReferenceCheckReasonEnum": "editorial.references.models.ReferenceCheck.Reason",
        # Peer review
        "ReviewAssignmentStateEnum": "editorial.review.models.ReviewAssignment.State",
        "ReviewStateEnum": "editorial.review.models.Review.State",
        "RecommendationEnum": "editorial.review.models.Recommendation",
    },
}

# --- Security: strict unless DEBUG; each can be relaxed explicitly (e.g. behind a TLS proxy) --------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain HTTP inside the network: a redirect would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Interoperability: OAI-PMH at /oai (records per page of a list), Atom feeds (entries per feed).
OAI_PAGE_SIZE = env.int("OAI_PAGE_SIZE", default=100)
OAI_REPOSITORY_NAME = env.str("OAI_REPOSITORY_NAME", default="Journal editorial system")
# Empty: a journal's contact address, else DEFAULT_FROM_EMAIL (see editorial.views.oai.admin_email).
OAI_ADMIN_EMAIL = env.str("OAI_ADMIN_EMAIL", default="")
FEED_SIZE = env.int("FEED_SIZE", default=20)
# Content-Security-Policy (django-csp): every page loads scripts, styles, images and fonts from this
# site only; no inline script or style runs (templates have none: styles live in static/css), no
# plugin, no framing, forms post only here. A view that needs a template nonce uses csp.constants.NONCE.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
