"""A real Celery worker on Redis runs a requested check end to end."""

import os
import time
import uuid

import pytest

from editorial.models import CrossrefLookup, OutboxTask, ReferenceCheck
from editorial.references.services import request_reference_check
from tests.support.references import make_submission_with_references, work

LIST = "\n".join(
    [
        "1. Snyder G. H. 1991. Alliances, balance, and stability. International Organization, vol. 45. "
        "DOI: 10.5555/ok.",
        "2. Nobody N. 2020. Never registered. Journal of Tests, vol. 1. DOI: 10.5555/never-registered.",
    ]
)


def wait_for(predicate, *, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_on_redis_runs_a_requested_check_and_closes_its_outbox_row(crossref, crossref_settings):
    from celery.contrib.testing.worker import start_worker

    from journal.celery import app

    crossref_settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # nothing cached by an earlier run
        }
    }
    crossref.add_record(work("10.5555/ok", "Alliances, balance, and stability", "Snyder", 1991))
    submission = make_submission_with_references(LIST)
    with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
        check = request_reference_check(submission_id=submission.pk, requested_by=None)
        assert wait_for(lambda: ReferenceCheck.objects.get(pk=check.pk).state == "done")
        assert wait_for(lambda: OutboxTask.objects.get().state == "done")
    check.refresh_from_db()
    assert dict(check.results.values_list("position", "status")) == {1: "ok", 2: "doi_not_found"}
    assert check.summary == {"doi_not_found": 1, "ok": 1, "total": 2}
    assert crossref.request_count == 2
    assert CrossrefLookup.objects.count() == 0  # Redis holds the cached answers
