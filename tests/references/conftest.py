"""The reference check domain's tests: the stand-in and sample fixtures of tests/bibliography, the
cache kept out of Redis, and rows for service, API and page tests."""

from __future__ import annotations

import pytest

from editorial.bibliography.parser import parse_reference_list
from tests.bibliography import conftest as bibliography
from tests.bibliography.conftest import MAILTO, printed_reference_list, work  # noqa: F401  (helpers the tests import)

# The stand-in and sample fixtures of the checker's tests serve the reference check's tests too.
crossref = bibliography.crossref
demo_crossref = bibliography.demo_crossref
client_for = bibliography.client_for
sample_text = bibliography.sample_text
sample_references = bibliography.sample_references


@pytest.fixture(autouse=True)
def lookups_in_the_database_unless_redis_is_the_point(request, settings):
    """Cached Crossref answers must not leak between tests: outside tests about the Redis cache they go
    to the database (rolled back with each test), even when REDIS_URL makes Redis Django's cache."""
    if request.node.get_closest_marker("redis") is None:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def eager_tasks():
    """Tasks run in-process even when REDIS_URL configures a broker (the worker test covers that path)."""
    from journal.celery import app

    before = {name: app.conf[name] for name in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(before)


@pytest.fixture
def crossref_settings(settings, crossref):
    """Point the application at the stand-in, with short timeouts and backoff."""
    settings.CROSSREF_API_URL = crossref.url
    settings.CROSSREF_MAILTO = MAILTO
    settings.CROSSREF_REST_TIMEOUT = 0.5
    settings.CROSSREF_REST_RETRIES = 2
    settings.CROSSREF_REST_BACKOFF_SECONDS = 0.01
    settings.REFERENCE_CHECK_CONCURRENCY = 4
    return settings


# --- Rows for service, API and page tests --------------------------------------------------------------


def make_editor(journal, *, username: str = "editor", kind: str = "managing_editor"):
    """A user who holds an editor's role in ``journal``."""
    from editorial.models import Person, Role
    from tests.support.factories import UserFactory

    user = UserFactory(username=username)
    person = Person.objects.create(user=user, given_names="Eda", family_name=username.title(), email=user.email)
    Role.objects.create(person=person, journal=journal, kind=kind)
    return user


def make_submission_with_references(text: str, **submission_fields):
    """A submission whose reference list is ``text``, stored as the submission form would."""
    from editorial.models import Reference
    from tests.support.factories import SubmissionFactory, UserFactory

    submission = SubmissionFactory(submitter=UserFactory(username="author"), **submission_fields)
    Reference.objects.bulk_create(
        Reference(submission=submission, position=ref.position, raw_text=ref.raw_text, doi=ref.doi)
        for ref in parse_reference_list(text)
    )
    return submission
