"""Redis goes away: readers still get pages, authors and editors still save their work, and the
side effects of that work (e-mails, reference checks, cache invalidations) wait in the database
and run once Redis is back, each exactly once.

The test runs its own redis-server (``PrivateRedis``) as cache, usage buffer and Celery broker,
kills it in the middle, and starts it again on the same port.
"""

import pytest
from django.core import mail
from django.urls import reverse

from editorial.models import OutboxTask, OutgoingEmail, Submission
from editorial.outbox import dispatch as outbox
from editorial.workflow import State
from journal.celery import app as celery_app
from tests.support.factories import published_article
from tests.support.pages import HUMAN, page_url
from tests.support.private_redis import PrivateRedis
from tests.support.workers import eventually, forget_connections, logging_left_to_pytest
from tests.support.workflow_fixtures import ready_draft

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_redis(tmp_path, settings):
    """Cache, usage buffer and broker all on a redis-server this test may kill."""
    server = PrivateRedis(tmp_path)
    server.start()
    saved = {key: celery_app.conf[key] for key in ("broker_url", "result_backend")}
    settings.REDIS_URL = server.url
    settings.USAGE_BUFFER = True
    settings.CACHES = {
        "default": {
            "BACKEND": "journal.redis_cache.ReusingRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    forget_connections(celery_app)
    celery_app.conf.update(broker_url=server.url, result_backend=server.url)
    try:
        yield server
    finally:
        server.stop()
        forget_connections(celery_app)
        celery_app.conf.update(saved)


def _rows(state: str) -> list[OutboxTask]:
    return list(OutboxTask.objects.filter(state=state).order_by("created_at"))


def test_redis_outage_serves_pages_keeps_work_and_runs_side_effects_once_when_back(
    private_redis, cast, client, crossref_standin
):
    from celery.contrib.testing.worker import start_worker

    assert not celery_app.conf.task_always_eager
    article = published_article(doi="10.5555/outage.1")
    Submission.objects.filter(pk=article.submission_id).update(
        title="Alliances under strain", title_en="Alliances under strain"
    )
    url = page_url(article)
    assert client.get(url, HTTP_USER_AGENT=HUMAN, follow=True).status_code == 200  # cached while Redis is up
    draft = ready_draft(cast, title="Written while the cache was away")

    private_redis.stop()

    # Readers: the page is served (rendered, since the cache does not answer), and again.
    for _ in range(2):
        page = client.get(url, HTTP_USER_AGENT=HUMAN, follow=True)
        assert page.status_code == 200
        assert "Alliances under strain" in page.content.decode()

    # An editor changes the article: saved, and the stale cached page is queued for invalidation.
    corrected = Submission.objects.get(pk=article.submission_id)
    corrected.title = corrected.title_en = "Alliances under strain (corrected)"
    corrected.save()
    # An author submits through the form; an editor sends the submission to review.
    client.force_login(cast.author)
    response = client.post(reverse("draft-step", args=[draft.pk, "submit"]), follow=True)
    assert response.status_code == 200
    assert "your manuscript has been submitted" in response.content.decode()
    client.force_login(cast.managing_editor)
    response = client.post(reverse("editor-send-to-review", args=[draft.pk]), follow=True)
    assert response.status_code == 200

    assert Submission.objects.get(pk=draft.pk).state == State.UNDER_REVIEW
    waiting = _rows(OutboxTask.State.PENDING)
    assert {row.task_name for row in waiting} >= {
        "editorial.send_email",
        "editorial.run_reference_check",
        "editorial.invalidate_article_pages",
    }
    assert all(row.last_error.startswith("dispatch failed") for row in waiting), [r.last_error for r in waiting]
    assert mail.outbox == []
    emails = OutgoingEmail.objects.count()
    assert emails >= 2  # the author's receipt and the editors' notice at least

    private_redis.start()  # same port, empty: whatever was queued in Redis is gone

    with logging_left_to_pytest(), start_worker(celery_app, pool="solo", perform_ping_check=False):
        assert outbox.dispatch_pending() == len(waiting)

        def all_done() -> bool:
            return not OutboxTask.objects.exclude(state=OutboxTask.State.DONE).exists()

        rows = OutboxTask.objects.values_list("task_name", "state", "last_error")
        assert eventually(all_done, timeout=30), list(rows)

    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == emails
    assert len(mail.outbox) == emails, "every e-mail sent exactly once"
    counts = OutboxTask.objects.filter(pk__in=[row.pk for row in waiting]).values_list("dispatch_count", flat=True)
    assert set(counts) == {2}, "each side effect: one dispatch that failed, one that worked"
    page = client.get(url, HTTP_USER_AGENT=HUMAN, follow=True)
    assert "Alliances under strain (corrected)" in page.content.decode(), "the stale cached page was dropped"
