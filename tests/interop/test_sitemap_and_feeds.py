"""sitemap.xml, the journals' Atom feeds and robots.txt: what crawlers and feed readers are given."""

from __future__ import annotations

import datetime

import pytest
from lxml import etree

from editorial.models import Article, Issue
from tests.support.factories import IssueFactory, JournalFactory, published_article
from tests.support.interop import russian_article

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def catalogue(db, site):
    vestnik_article = russian_article()
    other = JournalFactory(slug="other-journal", title="Other Journal")
    issue = IssueFactory(journal=other, publication_date=datetime.date(2021, 9, 30))
    articles = [published_article(doi=f"10.48015/feed.{n}", issue=issue, contributors=2) for n in range(1, 5)]
    scheduled = published_article(doi="10.48015/feed.scheduled", issue=issue, status=Article.Status.SCHEDULED)
    unpublished_issue = IssueFactory(journal=other, is_published=False, number="S1")
    return {
        "vestnik": vestnik_article,
        "other": other,
        "articles": articles,
        "scheduled": scheduled,
        "draft_issue": unpublished_issue,
    }


def _locations(content: bytes) -> list[str]:
    return [loc.text for loc in etree.fromstring(content).iterfind("s:url/s:loc", SITEMAP)]


def test_sitemap_lists_journals_published_issues_and_public_articles(client, catalogue):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    locations = _locations(response.content)
    base = "https://journal.example.org"
    assert f"{base}/vestnik/" in locations
    assert f"{base}/other-journal/" in locations
    for issue in Issue.objects.filter(is_published=True):
        assert f"{base}/{issue.journal.slug}/issue/{issue.pk}/" in locations
    assert f"{base}/other-journal/issue/{catalogue['draft_issue'].pk}/" not in locations
    article = catalogue["articles"][0]
    assert any(loc.startswith(f"{base}/other-journal/article/{article.pk}/") for loc in locations)
    assert not any(f"/article/{catalogue['scheduled'].pk}/" in loc for loc in locations)
    vestnik = catalogue["vestnik"]
    assert any(loc.startswith(f"{base}/vestnik/article/{vestnik.pk}/") for loc in locations)


def test_sitemap_takes_three_queries_however_many_articles(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        small = client.get("/sitemap.xml")
    issue = Issue.objects.filter(journal=catalogue["other"], is_published=True).first()
    for n in range(10):
        published_article(doi=f"10.48015/more.{n}", issue=issue)
    with django_assert_max_num_queries(3):
        large = client.get("/sitemap.xml")
    assert len(_locations(large.content)) == len(_locations(small.content)) + 10


def test_atom_feed_gives_the_journals_latest_articles(client, catalogue):
    response = client.get("/feeds/other-journal/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    assert feed.findtext("a:title", namespaces=ATOM) == "Other Journal"
    entries = feed.findall("a:entry", ATOM)
    assert len(entries) == 4  # the scheduled article is not announced
    ids = {entry.findtext("a:id", namespaces=ATOM) for entry in entries}
    assert ids == {f"https://doi.org/10.48015/feed.{n}" for n in range(1, 5)}
    first = entries[0]
    assert first.find("a:link", ATOM).get("href").startswith("https://journal.example.org/other-journal/article/")
    assert first.findtext("a:author/a:name", namespaces=ATOM).count(",") == 1  # two authors


def test_atom_feed_titles_and_summaries_have_no_markup(client, catalogue):
    feed = etree.fromstring(client.get("/feeds/vestnik/atom.xml").content)
    (entry,) = feed.findall("a:entry", ATOM)
    assert entry.findtext("a:title", namespaces=ATOM) == "Alliances and their discontents"
    assert entry.findtext("a:summary", namespaces=ATOM) == "First paragraph.\n\nSecond paragraph."


def test_atom_feed_size_comes_from_settings_and_queries_are_fixed(
    client, catalogue, settings, django_assert_max_num_queries
):
    settings.FEED_SIZE = 2
    with django_assert_max_num_queries(3):
        response = client.get("/feeds/other-journal/atom.xml")
    assert len(etree.fromstring(response.content).findall("a:entry", ATOM)) == 2


def test_feed_of_an_unknown_journal_is_404(client, catalogue):
    assert client.get("/feeds/no-such-journal/atom.xml").status_code == 404


def test_journal_home_advertises_its_feed(client, catalogue):
    page = client.get("/other-journal/").content.decode()
    assert 'type="application/atom+xml"' in page
    assert "/feeds/other-journal/atom.xml" in page


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_pages(
    client, db, site, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://journal.example.org/sitemap.xml" in lines
    for private in ("/admin/", "/api/", "/editorial/", "/accounts/"):
        assert f"Disallow: {private}" in lines
