"""Advanced search: words, author, years, section, DOI; ranked full text on PostgreSQL; paginated."""

import datetime

import pytest
from django.urls import reverse

from tests.support.factories import (
    ArticleFactory,
    ContributorFactory,
    IssueFactory,
    JournalFactory,
    SectionFactory,
    SubmissionFactory,
)
from tests.support.pages import parse, visible_text

pytestmark = pytest.mark.django_db


def found(client, url=None, **params) -> list[str]:
    response = client.get(url or reverse("search"), params)
    assert response.status_code == 200
    return [link.text for link in parse(response.content.decode()).xpath("//ol[@class='article-list']/li/a[1]")]


def article(title_en, *, journal=None, abstract="", keywords=(), year=2021, section=None, doi="", authors=(), **extra):
    journal = journal or JournalFactory()
    submission = SubmissionFactory(
        journal=journal, title_en=title_en, abstract_en=abstract, keywords_en=list(keywords), **extra
    )
    issue = IssueFactory(journal=journal, year=year, volume=year - 1990)
    created = ArticleFactory(
        submission=submission, issue=issue, section=section, doi=doi, published_on=datetime.date(year, 6, 1)
    )
    for position, (given, family) in enumerate(authors, start=1):
        ContributorFactory(submission=submission, position=position, given_names=given, family_name=family)
    return created


@pytest.fixture
def journal():
    return JournalFactory(slug="lomonosov-world-politics")


@pytest.fixture
def library(journal):
    articles = SectionFactory(journal=journal, title="Articles")
    reviews = SectionFactory(journal=journal, title="Book Reviews")
    return {
        "balances": article(
            "Balances of Power and Threat",
            journal=journal,
            abstract="China and Russia draw closer.",
            keywords=["alliances", "multipolarity"],
            section=articles,
            doi="10.48015/2076-7404-2021-13-3-75-111",
            authors=[("Alexander N.", "Korolev")],
        ),
        "energy": article(
            "Energy Diplomacy in the Arctic",
            journal=journal,
            abstract="Sanctions and pipelines.",
            year=2019,
            section=articles,
            authors=[("Rosa", "Placeholder")],
        ),
        "review": article(
            "A Review of Alliance Theory",
            journal=journal,
            abstract="Walt and Waltz revisited.",
            year=2023,
            section=reviews,
            authors=[("Ravi", "Sample"), ("Alexander", "Other")],
        ),
        "elsewhere": article("Power in Another Journal", abstract="Balances elsewhere."),
    }


def titles(library, *keys) -> list[str]:
    return [library[key].submission.title_en for key in keys]


def test_words_are_found_in_title_abstract_and_keywords(client, library):
    assert found(client, q="Arctic") == titles(library, "energy")
    assert found(client, q="pipelines") == titles(library, "energy")
    assert found(client, q="multipolarity") == titles(library, "balances")


def test_every_word_must_match(client, library):
    assert found(client, q="Russia China") == titles(library, "balances")
    assert found(client, q="Russia Arctic") == []


def test_search_within_a_journal_leaves_other_journals_out(client, library, journal):
    url = reverse("journal-search", args=[journal.slug])
    assert set(found(client, url, q="power")) == set(titles(library, "balances"))
    assert set(found(client, q="power")) == set(titles(library, "balances", "elsewhere"))


def test_author_filter_matches_any_author_by_name(client, library):
    assert found(client, author="Korolev") == titles(library, "balances")
    assert set(found(client, author="Alexander")) == set(titles(library, "balances", "review"))
    assert found(client, author="Ravi Sample") == titles(library, "review")
    assert found(client, author="Ravi Korolev") == []


def test_year_range_is_inclusive(client, library):
    assert set(found(client, year_from=2020, year_to=2021)) == set(titles(library, "balances", "elsewhere"))
    assert found(client, year_to=2019) == titles(library, "energy")
    assert found(client, year_from=2023) == titles(library, "review")


def test_section_and_doi_filters(client, library, journal):
    reviews = journal.sections.get(title="Book Reviews")
    url = reverse("journal-search", args=[journal.slug])
    assert found(client, url, section=reviews.pk) == titles(library, "review")
    assert found(client, doi="https://doi.org/10.48015/2076-7404-2021-13-3-75-111") == titles(library, "balances")


def test_filters_combine(client, library):
    assert found(client, q="alliance", author="Sample", year_from=2022) == titles(library, "review")


def test_a_reversed_year_range_or_a_bad_doi_is_explained_and_nothing_is_searched(client, library):
    html = client.get(reverse("search"), {"year_from": 2022, "year_to": 2020, "doi": "not a doi"}).content.decode()
    text = visible_text(html)
    assert "The first year is after the last one; swap them." in text
    assert "This is not a DOI" in text
    assert "found" not in text


def test_no_criteria_shows_the_form_and_no_results(client, library):
    html = client.get(reverse("search")).content.decode()
    assert parse(html).xpath("//form[@class='advanced-search']//input[@name='q']")
    assert "found" not in visible_text(html)


def test_results_are_paginated_with_links_that_keep_the_query(client, settings, journal):
    settings.SEARCH_PAGE_SIZE = 20
    for number in range(25):
        article(f"Alliance study {number}", journal=journal, year=2000 + number)
    first = client.get(reverse("search"), {"q": "alliance"}).content.decode()
    assert "25 articles found" in visible_text(first)
    assert len(parse(first).xpath("//ol[@class='article-list']/li")) == 20
    (next_link,) = parse(first).xpath("//nav[@class='pagination']/a[@rel='next']/@href")
    assert next_link == "?q=alliance&page=2"
    second = client.get(reverse("search") + next_link).content.decode()
    assert len(parse(second).xpath("//ol[@class='article-list']/li")) == 5
    assert parse(second).xpath("//ol[@class='article-list']/@start") == ["21"]


def test_search_query_count_does_not_grow_with_results(client, journal, django_assert_max_num_queries):
    for number in range(20):
        created = article(f"Alliance study {number}", journal=journal)
        ContributorFactory(submission=created.submission, position=2)
    with django_assert_max_num_queries(5):  # journal, sections for the form, count, page, authors
        response = client.get(reverse("journal-search", args=[journal.slug]), {"q": "alliance", "author": "Author"})
    assert len(parse(response.content.decode()).xpath("//ol[@class='article-list']/li")) == 20


@pytest.mark.postgres
def test_postgres_ranks_title_matches_first_and_understands_word_forms(client, journal):
    in_abstract = article("Energy Policy", journal=journal, abstract="A note on alliances.", year=2022)
    in_title = article("Alliances and Alignment", journal=journal, abstract="Nothing else.", year=2020)
    assert found(client, q="alliance") == [in_title.submission.title_en, in_abstract.submission.title_en]
    assert found(client, q="alliance -energy") == [in_title.submission.title_en]


@pytest.mark.postgres
def test_postgres_finds_words_of_the_original_language_metadata(client, journal):
    russian = article("Balances", journal=journal, language="ru", title="Балансы силы и угрозы")
    assert found(client, q="угрозы") == [russian.submission.title_en]


@pytest.mark.postgres
def test_postgres_search_follows_edits_and_bulk_updates_of_the_metadata(client, journal):
    from editorial.models import Submission

    edited = article("Energy Policy", journal=journal)
    submission = edited.submission
    submission.title_en = "Deterrence in the Arctic"
    submission.save()
    assert found(client, q="arctic") == ["Deterrence in the Arctic"]
    Submission.objects.filter(pk=submission.pk).update(abstract_en="Icebreakers and treaties.")
    assert found(client, q="icebreakers") == ["Deterrence in the Arctic"]
    assert found(client, q="energy") == []
