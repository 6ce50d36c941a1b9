"""The public pages that exist so far: the journal list, a journal's home, an article page."""

import pytest
from django.urls import reverse

from editorial.models import Article
from editorial.richtext import sanitize

from .factories import AffiliationFactory, ArticleFactory, ContributorFactory, JournalFactory, ReferenceFactory


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
    journal = article.submission.journal
    response = client.get(reverse("article", args=[journal.slug, article.pk]))
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
    response = client.get(reverse("article", args=[article.submission.journal.slug, article.pk]))
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Smith A. 2000." in html


@pytest.mark.django_db
def test_a_scheduled_article_is_not_public(client):
    article = ArticleFactory(status=Article.Status.SCHEDULED)
    response = client.get(reverse("article", args=[article.submission.journal.slug, article.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_article_is_only_found_under_its_own_journal(client):
    article = ArticleFactory()
    other = JournalFactory()
    assert client.get(reverse("article", args=[other.slug, article.pk])).status_code == 404


@pytest.mark.django_db
def test_article_page_query_count_does_not_grow_with_authors_and_references(client, django_assert_max_num_queries):
    article = ArticleFactory()
    for position in range(1, 31):
        AffiliationFactory(contributor=ContributorFactory(submission=article.submission, position=position))
    for position in range(1, 201):
        ReferenceFactory(submission=article.submission, position=position)
    url = reverse("article", args=[article.submission.journal.slug, article.pk])
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count('class="contributor"') == 30
    assert response.content.decode().count('<li value="') == 200


def test_rich_text_keeps_italics_and_links_but_drops_scripts_and_handlers():
    html = sanitize('<i>Homo</i> H<sub>2</sub>O <a href="javascript:x()" onclick="y()">x</a><script>z()</script>')
    assert "<i>Homo</i>" in html
    assert "<sub>2</sub>" in html
    assert "script" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
