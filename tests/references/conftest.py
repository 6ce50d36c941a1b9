"""A Crossref stand-in on 127.0.0.1 for every reference check test, and records shaped like Crossref's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crossref_standin.rest import DEMO_RECORDS, CrossrefStandIn
from editorial.crossref.rest import CrossrefRestClient
from editorial.references.parser import ParsedReference, parse_reference_list

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "article-page-lomonosov-2021-13-3.txt"
MAILTO = "editor@journal.invalid"


def work(doi: str, title: str, family: str, year: int, container: str = "", **extra: Any) -> dict[str, Any]:
    """A Crossref work message with what the checker reads, plus whatever a test adds."""
    record = {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": [{"family": family, "given": "A.", "sequence": "first"}],
        "issued": {"date-parts": [[year, 3]]},
        "container-title": [container] if container else [],
        "publisher": "Test Publisher",
    }
    return record | extra


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
def crossref():
    """A running stand-in with no records; tests add what they need."""
    with CrossrefStandIn(hang_seconds=2.0) as standin:
        yield standin


@pytest.fixture
def demo_crossref(crossref):
    """The stand-in loaded with the records written for the demo article's references."""
    crossref.load_records(DEMO_RECORDS)
    return crossref


@pytest.fixture
def client_for():
    """A REST client for a stand-in, quick to give up, so failures stay fast."""

    def make(standin: CrossrefStandIn, **options: Any) -> CrossrefRestClient:
        defaults = {"mailto": MAILTO, "agent": "journal-editorial/test", "timeout": 0.5, "backoff_seconds": 0.01}
        return CrossrefRestClient(base_url=standin.url, **(defaults | options))

    return make


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


@pytest.fixture
def sample_text() -> str:
    if not SAMPLE.exists():
        pytest.skip(f"the sample article page is not at {SAMPLE}")
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def sample_references(sample_text) -> list[ParsedReference]:
    """The sample page's reference list, pasted as the lines of the page."""
    return parse_reference_list(printed_reference_list(sample_text))


def printed_reference_list(sample_text: str) -> str:
    return sample_text.split("\nReferences\n", 1)[1].split("\nReview\n", 1)[0]


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
