"""Scheduled publication run by a real Celery worker on Redis: the periodic task, sent twice for the
same moment, publishes the article once and its DOI deposit reaches the Crossref stand-in once."""

import datetime
import time

import pytest
from django.utils import timezone

from editorial.models import Article, ArticleVersion, DepositBatch, Event
from editorial.production.services import publication
from editorial.tasks import publish_due_articles
from editorial.workflow import State
from tests.support.production_fixtures import in_production

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(crossref_deposits):
    from celery.contrib.testing.worker import start_worker

    from journal.celery import app

    app.control.purge()
    with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
        yield crossref_deposits


def test_the_periodic_task_sent_twice_to_a_worker_publishes_once(cast, crew, worker):
    submission, article = in_production(cast, crew)
    when = timezone.now() + datetime.timedelta(hours=2)
    publication.publish(user=cast.managing_editor, submission_id=submission.pk, publish_at=when)
    moment = (when + datetime.timedelta(seconds=1)).isoformat()
    runs = [publish_due_articles.apply_async(args=[moment]) for _ in range(2)]
    published = [run.get(timeout=60) for run in runs]
    assert sorted(published, key=len) == [[], [article.pk]]
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    assert ArticleVersion.objects.filter(article=article).count() == 1
    assert Event.objects.filter(submission=submission, to_state=State.PUBLISHED).count() == 1
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not worker.submissions:
        time.sleep(0.1)
    assert len(worker.submissions) == 1
    assert DepositBatch.objects.filter(records__doi=article.doi, reason="publication").count() == 1
