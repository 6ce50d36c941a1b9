"""Preview links: an unpublished article as it will look, through a signed, expiring link, no login."""

import pytest
from django.urls import reverse

from editorial.models import Article
from editorial.production.preview import preview_url
from tests.support.factories import ArticleFactory, ContributorFactory, GalleyFactory, JournalFactory
from tests.support.pages import HUMAN, meta, page_url, parse, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def scheduled() -> Article:
    article = ArticleFactory(status=Article.Status.SCHEDULED, doi="10.48015/coming-soon")
    ContributorFactory(submission=article.submission, given_names="Alexander N.", family_name="Korolev")
    return article


def test_preview_shows_the_unpublished_article_marked_and_not_indexed(client, scheduled):
    assert client.get(page_url(scheduled)).status_code == 404  # not public
    response = client.get(preview_url(scheduled))
    html = response.content.decode()
    assert response.status_code == 200
    text = visible_text(html)
    assert "Preview - not published" in text
    assert scheduled.submission.title_en in text
    assert "A. N. Korolev" in text
    assert meta(html, "robots") == ["noindex, nofollow"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert parse(html).xpath("//link[@rel='canonical']") == []


def test_preview_needs_no_login_and_counts_no_view(client, settings, scheduled):
    settings.USAGE_BUFFER = False
    client.logout()
    assert client.get(preview_url(scheduled), HTTP_USER_AGENT=HUMAN).status_code == 200
    scheduled.refresh_from_db()
    assert scheduled.views == 0
    assert not scheduled.daily_metrics.exists()


def test_preview_galley_link_stays_inside_the_preview(client, scheduled):
    galley = GalleyFactory(article=scheduled)
    link = preview_url(scheduled)
    (href,) = parse(client.get(link).content.decode()).xpath("//section[@class='galleys']//a/@href")
    assert href == f"{link}galley/{galley.pk}/"
    response = client.get(href)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    galley.refresh_from_db()
    assert galley.downloads == 0


def test_an_expired_preview_link_is_refused(client, settings, scheduled):
    link = preview_url(scheduled)
    settings.PREVIEW_LINK_MAX_AGE = -1  # every link is older than that
    response = client.get(link)
    assert response.status_code == 410
    assert "This preview link has expired" in visible_text(response.content.decode())
    assert scheduled.submission.title_en not in response.content.decode()


def test_an_altered_preview_link_is_refused(client, scheduled):
    other = ArticleFactory(status=Article.Status.SCHEDULED, submission__journal=scheduled.submission.journal)
    token = preview_url(scheduled).rstrip("/").rsplit("/", 1)[1]
    forged = token.replace(f"{scheduled.pk}:", f"{other.pk}:", 1)
    response = client.get(reverse("article-preview", args=[scheduled.submission.journal.slug, forged]))
    assert response.status_code == 403
    assert other.submission.title_en not in response.content.decode()


def test_a_preview_link_only_works_under_its_own_journal(client, scheduled):
    token = preview_url(scheduled).rstrip("/").rsplit("/", 1)[1]
    other = JournalFactory()
    assert client.get(reverse("article-preview", args=[other.slug, token])).status_code == 404
