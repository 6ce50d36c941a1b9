"""The public pages: the journal list, a journal's home, its archive and issues, an article page."""

import pytest
from django.urls import reverse

from editorial.models import Article
from editorial.richtext import sanitize
from tests.support.factories import (
    AffiliationFactory,
    ArticleFactory,
    ContributorFactory,
    GalleyFactory,
    IssueFactory,
    JournalFactory,
    ReferenceFactory,
    SectionFactory,
    SubmissionFactory,
)
from tests.support.pages import HUMAN, page_url, visible_text


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_home_lists_journals_with_their_issn(client):
    JournalFactory(title="Lomonosov World Politics Journal", issn_print="2076-7404")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Lomonosov World Politics Journal" in response.content.decode()
    assert "ISSN 2076-7404 (Print)" in response.content.decode()


@pytest.mark.django_db
def test_article_page_shows_title_doi_authors_references_and_views(client):
    article = ArticleFactory(doi="10.48015/2076-7404-2021-13-3-75-111", views=850)
    contributor = ContributorFactory(submission=article.submission, given_names="Alexander N.", family_name="Korolev")
    AffiliationFactory(contributor=contributor, institution="University of New South Wales", country="AU")
    ReferenceFactory(
        submission=article.submission,
        position=2,
        raw_text="Bennett D. S. 1997. Testing. American Journal, vol. 41. DOI: 10.2307/2111677.",
        doi="10.2307/2111677",
    )
    response = client.get(page_url(article))
    html = response.content.decode()
    assert response.status_code == 200
    assert article.submission.title_en in html
    assert 'href="https://doi.org/10.48015/2076-7404-2021-13-3-75-111"' in html
    assert "A. N. Korolev" in html
    assert "University of New South Wales<br>Australia" in html
    assert '<li value="2" id="ref-2">' in html
    assert 'DOI: <a class="ref-doi" href="https://doi.org/10.2307/2111677">10.2307/2111677</a>.' in html
    assert "Views: 850" in html


@pytest.mark.django_db
def test_reference_text_is_escaped_not_interpreted(client):
    article = ArticleFactory()
    ReferenceFactory(submission=article.submission, raw_text="<script>alert(1)</script> Smith A. 2000.")
    html = client.get(page_url(article)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Smith A. 2000." in html


@pytest.mark.django_db
def test_abstract_and_bio_keep_italics_and_lose_scripts(client):
    submission = SubmissionFactory(abstract_en="On <i>Realpolitik</i> and H<sub>2</sub>O<script>steal()</script>")
    article = ArticleFactory(submission=submission)
    ContributorFactory(submission=submission, bio='PhD, <a href="javascript:x()">see</a> <em>here</em>')
    html = client.get(page_url(article)).content.decode()
    assert "On <i>Realpolitik</i> and H<sub>2</sub>O" in html
    assert "<em>here</em>" in html
    assert "steal()" not in html
    assert "javascript:" not in html


@pytest.mark.django_db
def test_a_scheduled_article_is_not_public(client):
    article = ArticleFactory(status=Article.Status.SCHEDULED)
    assert client.get(page_url(article)).status_code == 404
    assert client.get(reverse("article", args=[article.submission.journal.slug, article.pk])).status_code == 404


@pytest.mark.django_db
def test_an_article_is_only_found_under_its_own_journal(client):
    article = ArticleFactory()
    other = JournalFactory()
    assert client.get(reverse("article", args=[other.slug, article.pk])).status_code == 404
    wrong_journal = page_url(article).replace(f"/{article.submission.journal.slug}/", f"/{other.slug}/")
    assert client.get(wrong_journal).status_code == 404


def _article_with(authors: int, references: int) -> Article:
    article = ArticleFactory()
    for position in range(1, authors + 1):
        AffiliationFactory(contributor=ContributorFactory(submission=article.submission, position=position))
    for position in range(1, references + 1):
        ReferenceFactory(submission=article.submission, position=position)
    return article


@pytest.mark.django_db
def test_article_page_query_count_does_not_grow_with_authors_and_references(client, django_assert_max_num_queries):
    article = _article_with(authors=30, references=200)
    url = page_url(article)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count('class="contributor"') == 30
    assert response.content.decode().count('<li value="') == 200


@pytest.mark.django_db
def test_a_counted_view_of_a_full_article_with_galleys_stays_within_eight_queries(
    client, settings, django_assert_max_num_queries
):
    settings.USAGE_BUFFER = False  # the costlier path: the view is written to the database at once
    article = _article_with(authors=30, references=200)
    GalleyFactory(article=article)
    GalleyFactory(article=article, label="PDF (Russian)", is_primary=False, position=2)
    with django_assert_max_num_queries(8):
        response = client.get(page_url(article), HTTP_USER_AGENT=HUMAN)
    html = response.content.decode()
    assert html.count('class="contributor"') == 30
    assert html.count('<li value="') == 200
    assert "Views: 1" in html
    assert html.count("Downloads: 0") == 2


@pytest.mark.django_db
def test_a_cached_article_page_costs_a_few_queries_and_shows_the_current_count(
    client, settings, django_assert_max_num_queries
):
    settings.USAGE_BUFFER = False
    article = _article_with(authors=30, references=200)
    client.get(page_url(article), HTTP_USER_AGENT=HUMAN)  # renders and caches; counts the first view
    with django_assert_max_num_queries(3):  # update views, upsert the day, read the count
        response = client.get(page_url(article), HTTP_USER_AGENT=HUMAN, REMOTE_ADDR="10.0.0.2")
    assert "Views: 2" in response.content.decode()


@pytest.mark.django_db
def test_journal_home_shows_about_issn_current_issue_and_latest_articles(client):
    journal = JournalFactory(
        description="A journal about <i>world</i> politics.", publisher="MSU", issn_online="0028-0836"
    )
    old = IssueFactory(journal=journal, year=2020, volume=12, number="4")
    current = IssueFactory(journal=journal, year=2021, volume=13, number="3")
    IssueFactory(journal=journal, year=2022, volume=14, number="1", is_published=False)
    articles = [ArticleFactory(submission__journal=journal, issue=issue) for issue in (old, current)]
    response = client.get(reverse("journal-home", args=[journal.slug]))
    html = response.content.decode()
    text = visible_text(html)
    assert "A journal about world politics." in text
    assert "<i>world</i>" in html
    assert "ISSN 2076-7404 (Print)" in text
    assert "ISSN 0028-0836 (Online)" in text
    assert f'href="{reverse("issue", args=[journal.slug, current.pk])}"' in html
    assert "Current issue Vol. 13, No. 3 (2021)" in text
    for article in articles:
        assert article.submission.title_en in text


@pytest.mark.django_db
def test_issue_archive_lists_published_issues_newest_first_by_year(client):
    journal = JournalFactory()
    for year, number in [(2020, "1"), (2021, "10"), (2021, "9"), (2021, "1-2")]:
        IssueFactory(journal=journal, year=year, volume=year - 2008, number=number)
    IssueFactory(journal=journal, year=2022, volume=14, number="1", is_published=False)
    text = visible_text(client.get(reverse("issue-archive", args=[journal.slug])).content.decode())
    assert "2022" not in text
    order = [text.index(label) for label in ("No. 10 (2021)", "No. 9 (2021)", "No. 1-2 (2021)", "No. 1 (2020)")]
    assert order == sorted(order)


@pytest.mark.django_db
def test_issue_table_of_contents_groups_public_articles_by_section_in_printed_order(client):
    journal = JournalFactory()
    issue = IssueFactory(journal=journal)
    articles_section = SectionFactory(journal=journal, title="Articles", position=1)
    reviews = SectionFactory(journal=journal, title="Book Reviews", position=2)
    second = ArticleFactory(submission__journal=journal, issue=issue, section=articles_section, position_in_issue=2)
    first = ArticleFactory(submission__journal=journal, issue=issue, section=articles_section, position_in_issue=1)
    review = ArticleFactory(submission__journal=journal, issue=issue, section=reviews, position_in_issue=3)
    hidden = ArticleFactory(submission__journal=journal, issue=issue, status=Article.Status.SCHEDULED)
    text = visible_text(client.get(reverse("issue", args=[journal.slug, issue.pk])).content.decode())
    titles = [a.submission.title_en for a in (first, second, review)]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)
    assert text.index("Articles") < positions[0] < text.index("Book Reviews") < positions[2]
    assert hidden.submission.title_en not in text


@pytest.mark.django_db
def test_an_unpublished_issue_has_no_public_table_of_contents(client):
    issue = IssueFactory(is_published=False)
    assert client.get(reverse("issue", args=[issue.journal.slug, issue.pk])).status_code == 404


@pytest.mark.django_db
def test_journal_pages_have_a_search_box_and_a_link_to_advanced_search(client):
    article = ArticleFactory()
    journal = article.submission.journal
    search = reverse("journal-search", args=[journal.slug])
    for url in (reverse("journal-home", args=[journal.slug]), page_url(article)):
        html = client.get(url).content.decode()
        assert f'<form class="search-box" role="search" action="{search}" method="get">' in html
        assert f'<a href="{search}">Advanced search</a>' in html


def test_rich_text_keeps_italics_and_links_but_drops_scripts_and_handlers():
    html = sanitize('<i>Homo</i> H<sub>2</sub>O <a href="javascript:x()" onclick="y()">x</a><script>z()</script>')
    assert "<i>Homo</i>" in html
    assert "<sub>2</sub>" in html
    assert "script" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
