"""Views and downloads counted by COUNTER Release 5 rules, written at once or buffered in Redis."""

import time

import pytest
from django.utils import timezone

from editorial.models import DailyArticleMetric, UsageFlush
from editorial.publishing import usage, usage_buffer
from editorial.web.visitors import is_robot
from journal.celery import BEAT_SCHEDULE
from tests.support.factories import ArticleFactory, GalleyFactory
from tests.support.pages import GOOGLEBOT, HUMAN, page_url, visible_text

ROBOTS = [
    GOOGLEBOT,
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0 Safari/537.36",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "",
]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def in_database(settings):
    """Counting without Redis: one atomic update per counted request."""
    settings.USAGE_BUFFER = False


@pytest.fixture
def buffered(settings):
    """Counting with Redis: increments wait in Redis for the flush task."""
    settings.USAGE_BUFFER = True
    usage_buffer.client().delete(usage_buffer.PENDING, usage_buffer.BATCHES)


def view(client, article, user_agent=HUMAN, address="192.0.2.1"):
    return client.get(page_url(article), HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)


def counted_views(article) -> int:
    article.refresh_from_db()
    return article.views


@pytest.mark.parametrize("user_agent", ROBOTS)
def test_robots_and_scripts_are_recognised_from_the_counter_list(user_agent):
    assert is_robot(user_agent)


def test_browsers_are_not_robots():
    assert not is_robot(HUMAN)
    assert not is_robot("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148")


@pytest.mark.django_db
def test_reloads_by_one_reader_within_30_seconds_count_once(client, in_database):
    article = ArticleFactory()
    for _ in range(3):
        assert view(client, article).status_code == 200
    assert counted_views(article) == 1
    assert "Views: 1" in visible_text(view(client, article).content.decode())


@pytest.mark.django_db
def test_a_head_request_is_not_a_view(client, in_database):
    galley = GalleyFactory()
    article = galley.article
    assert client.head(page_url(article), HTTP_USER_AGENT=HUMAN).status_code == 200
    slug = article.submission.journal.slug
    client.head(f"/{slug}/article/{article.pk}/galley/{galley.pk}/", HTTP_USER_AGENT=HUMAN)
    article.refresh_from_db()
    assert (article.views, article.downloads) == (0, 0)


@pytest.mark.django_db
def test_each_reader_counts_and_days_are_kept_for_reports(client, in_database):
    article = ArticleFactory(views=850)
    view(client, article, address="192.0.2.1")
    view(client, article, address="192.0.2.2")
    view(client, article, address="192.0.2.2", user_agent=HUMAN.replace("140", "141"))
    assert counted_views(article) == 853
    daily = DailyArticleMetric.objects.get(article=article)
    assert (daily.day, daily.views, daily.downloads) == (timezone.localdate(), 3, 0)


@pytest.mark.django_db
def test_a_session_cookie_identifies_the_reader_across_addresses(client, in_database):
    article = ArticleFactory()
    session = client.session  # a real session: Django drops a cookie naming none
    session["seen"] = True
    session.save()
    client.cookies["sessionid"] = session.session_key
    view(client, article, address="192.0.2.1")
    view(client, article, address="198.51.100.7")  # a phone moving between networks
    assert counted_views(article) == 1


@pytest.mark.django_db
def test_a_reader_counts_again_once_the_double_click_window_has_passed(client, settings, in_database):
    settings.USAGE_DOUBLE_CLICK_SECONDS = 1
    article = ArticleFactory()
    view(client, article)
    time.sleep(1.2)
    view(client, article)
    assert counted_views(article) == 2


@pytest.mark.django_db
def test_each_repeat_restarts_the_double_click_window(client, settings, in_database):
    settings.USAGE_DOUBLE_CLICK_SECONDS = 1
    article = ArticleFactory()
    for _ in range(3):  # 0.0 s, 0.6 s, 1.2 s: each within a second of the one before
        view(client, article)
        time.sleep(0.6)
    assert counted_views(article) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("user_agent", ROBOTS)
def test_robots_count_no_view_and_no_download(client, in_database, user_agent):
    galley = GalleyFactory()
    article = galley.article
    assert view(client, article, user_agent=user_agent).status_code == 200
    slug = article.submission.journal.slug
    client.get(f"/{slug}/article/{article.pk}/galley/{galley.pk}/", HTTP_USER_AGENT=user_agent)
    article.refresh_from_db()
    galley.refresh_from_db()
    assert (article.views, article.downloads, galley.downloads) == (0, 0, 0)
    assert not DailyArticleMetric.objects.exists()


@pytest.mark.django_db
def test_downloads_count_per_galley_once_per_window(client, in_database):
    pdf = GalleyFactory()
    article = pdf.article
    epub = GalleyFactory(article=article, label="EPUB", is_primary=False)
    slug = article.submission.journal.slug
    for galley in (pdf, pdf, epub):
        client.get(f"/{slug}/article/{article.pk}/galley/{galley.pk}/", HTTP_USER_AGENT=HUMAN)
    pdf.refresh_from_db()
    epub.refresh_from_db()
    article.refresh_from_db()
    assert (pdf.downloads, epub.downloads, article.downloads, article.views) == (1, 1, 2, 0)
    assert DailyArticleMetric.objects.get(article=article).downloads == 2


@pytest.mark.django_db
def test_with_redis_down_the_page_is_served_and_the_view_counted_in_the_database(client, settings):
    nowhere = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.REDIS_URL = nowhere
    settings.USAGE_BUFFER = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": nowhere}}
    article = ArticleFactory()
    response = view(client, article)
    assert response.status_code == 200
    assert "Views: 1" in visible_text(response.content.decode())
    assert counted_views(article) == 1


def test_the_flush_task_is_on_the_beat_schedule():
    tasks = {entry["task"]: entry["schedule"] for entry in BEAT_SCHEDULE.values()}
    assert tasks["editorial.flush_usage_counts"] == 60.0


@pytest.mark.redis
@pytest.mark.django_db
def test_with_redis_a_view_waits_in_redis_and_the_flush_writes_it(client, buffered):
    article = ArticleFactory(views=850)
    view(client, article)
    view(client, article)  # a reload: not counted
    view(client, article, address="192.0.2.9")
    assert counted_views(article) == 850  # nothing written per view
    field = usage_buffer.view_field(article.pk, timezone.localdate())
    assert usage_buffer.client().hget(usage_buffer.PENDING, field) == "2"
    assert "Views: 852" in visible_text(view(client, article).content.decode())  # shown at once all the same

    assert usage.flush_buffered_usage() == 2
    assert counted_views(article) == 852
    assert DailyArticleMetric.objects.get(article=article).views == 2
    assert UsageFlush.objects.get().views == 2
    assert usage_buffer.client().exists(usage_buffer.PENDING) == 0
    assert usage_buffer.open_batches() == []
    assert usage.flush_buffered_usage() == 0
    assert "Views: 852" in visible_text(view(client, article).content.decode())


@pytest.mark.redis
@pytest.mark.django_db
def test_with_redis_downloads_are_buffered_and_flushed_per_galley(client, buffered):
    galley = GalleyFactory()
    article = galley.article
    client.get(f"/{article.submission.journal.slug}/article/{article.pk}/galley/{galley.pk}/", HTTP_USER_AGENT=HUMAN)
    galley.refresh_from_db()
    assert galley.downloads == 0
    assert "Downloads: 1" in visible_text(view(client, article, user_agent=GOOGLEBOT).content.decode())
    usage.flush_buffered_usage()
    galley.refresh_from_db()
    article.refresh_from_db()
    assert (galley.downloads, article.downloads) == (1, 1)
    assert DailyArticleMetric.objects.get(article=article).downloads == 1


@pytest.mark.redis
@pytest.mark.django_db
def test_a_flush_that_stopped_after_writing_is_finished_without_counting_twice(client, buffered):
    article = ArticleFactory()
    view(client, article)
    batch_id = usage_buffer.claim_batch()
    usage._apply_batch(batch_id, usage.Batch.parse(usage_buffer.read_batch(batch_id)))  # written, then "crashed"
    view(client, article, address="192.0.2.9")  # counting goes on meanwhile
    assert usage.flush_buffered_usage() == 1
    assert counted_views(article) == 2
    assert usage_buffer.open_batches() == []


@pytest.mark.redis
@pytest.mark.django_db
def test_a_flush_that_stopped_before_writing_is_finished_by_the_next(client, buffered):
    article = ArticleFactory()
    view(client, article)
    usage_buffer.claim_batch()  # claimed, then "crashed" before the database had it
    assert usage.flush_buffered_usage() == 1
    assert counted_views(article) == 1


@pytest.mark.redis
@pytest.mark.django_db
def test_counts_for_a_deleted_article_are_dropped_not_stuck(client, buffered):
    kept, deleted = ArticleFactory(), ArticleFactory()
    view(client, kept)
    view(client, deleted)
    deleted.delete()
    assert usage.flush_buffered_usage() == 2
    assert counted_views(kept) == 1
    assert usage_buffer.open_batches() == []


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_flush_task_runs_in_a_real_worker(client, buffered):
    from celery.contrib.testing.worker import start_worker

    from editorial.tasks import flush_usage_counts
    from journal.celery import app

    article = ArticleFactory()
    view(client, article)
    view(client, article, address="192.0.2.9")
    with start_worker(app, perform_ping_check=False, pool="solo"):
        assert flush_usage_counts.delay().get(timeout=20) == 2
    assert counted_views(article) == 2
    assert DailyArticleMetric.objects.get(article=article).views == 2


@pytest.mark.redis
@pytest.mark.django_db
def test_with_redis_a_cached_page_counts_and_shows_views_without_sql(client, buffered, django_assert_num_queries):
    article = ArticleFactory(views=10)
    view(client, article)  # rendered and cached
    view(client, article, address="192.0.2.2")  # the stored totals are read once and kept
    with django_assert_num_queries(0):
        response = view(client, article, address="192.0.2.3")
    assert "Views: 13" in visible_text(response.content.decode())

    usage.flush_buffered_usage()  # the totals change in the database: the kept ones are forgotten
    assert "Views: 14" in visible_text(view(client, article, address="192.0.2.4").content.decode())
    assert counted_views(article) == 13
