"""import_crossref against the local Crossref stand-in: a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from crossref_standin.rest import CrossrefStandIn
from editorial.models import Article, Contributor, Reference, Submission
from editorial.workflow import State
from tests.support.factories import JournalFactory

DOI = "10.17323/1996-7845-2020-02-01"


def work(**extra):
    """A journal article as Crossref's REST API describes it."""
    record = {
        "DOI": DOI,
        "type": "journal-article",
        "language": "ru",
        "title": ["Global Governance after the Pandemic"],
        "original-title": ["Глобальное управление после пандемии"],
        "author": [
            {
                "given": "Marina",
                "family": "Larionova",
                "sequence": "first",
                "ORCID": "http://orcid.org/0000-0002-1825-0097",
                "affiliation": [{"name": "HSE University"}],
            },
            {"given": "John", "family": "Kirton", "sequence": "additional", "affiliation": []},
            {"name": "G20 Research Group", "sequence": "additional", "affiliation": []},
        ],
        "abstract": "<jats:p>Первый <jats:italic>абзац</jats:italic>.</jats:p>",
        "container-title": ["International Organisations Research Journal"],
        "ISSN": ["1996-7845", "2542-2081"],
        "issn-type": [{"type": "print", "value": "1996-7845"}, {"type": "electronic", "value": "2542-2081"}],
        "volume": "15",
        "issue": "2",
        "page": "7-32",
        "published-online": {"date-parts": [[2020, 6, 30]]},
        "published-print": {"date-parts": [[2020, 6]]},
        "issued": {"date-parts": [[2020, 6, 30]]},
        "reference": [
            {"key": "ref1", "unstructured": "Keohane R.O. After Hegemony. Princeton, 1984."},
            {"key": "ref2", "DOI": "10.1017/S002081830001897X", "unstructured": "Keohane R.O. The Demand. 1982."},
            {
                "key": "ref3",
                "author": "Ruggie J.G.",
                "article-title": "Multilateralism",
                "journal-title": "International Organization",
                "year": "1992",
                "volume": "46",
                "first-page": "561",
                "DOI": "10.1017/S0020818300027831",
            },
        ],
        "funder": [{"name": "Russian Science Foundation"}],
    }
    return record | extra


@pytest.fixture
def crossref(settings):
    with CrossrefStandIn(hang_seconds=1.0) as standin:
        settings.CROSSREF_API_URL = standin.url
        settings.CROSSREF_MAILTO = "editor@journal.invalid"
        settings.CROSSREF_REST_TIMEOUT = 0.5
        settings.CROSSREF_REST_RETRIES = 1
        settings.CROSSREF_REST_BACKOFF_SECONDS = 0.01
        yield standin


@pytest.fixture
def iorj(db, site):
    return JournalFactory(title="Вестник международных организаций", slug="iorj", issn_print="1996-7845")


def test_import_crossref_creates_the_published_article_with_its_reference_list(crossref, iorj, capsys):
    crossref.add_record(work())
    call_command("import_crossref", DOI)
    assert "Created article #" in capsys.readouterr().out
    article = Article.objects.select_related("submission", "issue").get(doi=DOI)
    submission = article.submission
    assert submission.journal == iorj
    assert submission.state == State.PUBLISHED
    assert (submission.language, submission.title, submission.title_en) == (
        "ru",
        "Глобальное управление после пандемии",
        "Global Governance after the Pandemic",
    )
    assert submission.abstract == "<p>Первый <i>абзац</i>.</p>"
    assert (article.issue.year, article.issue.volume, article.issue.number) == (2020, 15, "2")
    assert (article.first_page, article.last_page) == ("7", "32")
    assert article.published_on == datetime.date(2020, 6, 30)
    authors = list(submission.contributors.order_by("position"))
    assert [(a.family_name, a.orcid) for a in authors] == [("Larionova", "0000-0002-1825-0097"), ("Kirton", "")]
    assert authors[0].affiliations.get().institution == "HSE University"
    references = list(submission.references.order_by("position"))
    assert [(r.position, r.doi) for r in references] == [
        (1, ""),
        (2, "10.1017/S002081830001897X"),
        (3, "10.1017/S0020818300027831"),
    ]
    assert references[0].raw_text == "Keohane R.O. After Hegemony. Princeton, 1984."
    assert references[2].raw_text == "Ruggie J.G. Multilateralism. International Organization. 1992;46:561."
    event = submission.events.get(action="imported")
    assert "funder" in event.data["unmapped"]
    assert any("G20 Research Group" in item for item in event.data["unmapped"])


def test_the_request_goes_to_the_polite_pool(crossref, iorj):
    crossref.add_record(work())
    call_command("import_crossref", f"https://doi.org/{DOI}")
    (request,) = crossref.requests
    assert request.query["mailto"] == ["editor@journal.invalid"]
    assert "journal-editorial/" in request.headers["User-Agent"]


def test_importing_again_updates_the_same_article(crossref, iorj):
    crossref.add_record(work())
    call_command("import_crossref", DOI)
    crossref.add_record(work(page="7-33"))
    call_command("import_crossref", DOI)
    assert Article.objects.count() == 1
    assert Article.objects.get().last_page == "33"
    assert Reference.objects.count() == 3


def _nothing_saved():
    return (Article.objects.count(), Submission.objects.count(), Contributor.objects.count()) == (0, 0, 0)


def test_a_doi_crossref_does_not_know_is_a_clear_404_error(crossref, iorj):
    with pytest.raises(CommandError, match=r"Crossref has no work with the DOI 10\.1000/missing \(404\)"):
        call_command("import_crossref", "10.1000/missing")
    assert crossref.request_count == 1
    assert _nothing_saved()


def test_a_malformed_answer_is_a_clear_error_after_the_retries(crossref, iorj):
    crossref.add_record(work())
    crossref.fail("malformed", times=5)
    with pytest.raises(CommandError, match=r"Crossref could not be read.*malformed answer"):
        call_command("import_crossref", DOI)
    assert crossref.request_count == 2  # the first try and one retry
    assert _nothing_saved()


def test_a_server_error_then_success_imports_the_work(crossref, iorj):
    crossref.add_record(work())
    crossref.fail("500", times=1)
    call_command("import_crossref", DOI)
    assert Article.objects.filter(doi=DOI).exists()


def test_a_malformed_doi_is_refused_without_asking_crossref(crossref, iorj):
    with pytest.raises(CommandError, match="'not-a-doi' is not a DOI"):
        call_command("import_crossref", "not-a-doi")
    assert crossref.request_count == 0


def test_a_work_that_is_not_a_journal_article_is_refused(crossref, iorj):
    crossref.add_record(work(type="book-chapter"))
    with pytest.raises(CommandError, match="is book chapter, not a journal article"):
        call_command("import_crossref", DOI)
    assert _nothing_saved()


def test_a_work_of_a_journal_that_is_not_here_is_refused(crossref, db, site):
    crossref.add_record(work())
    with pytest.raises(CommandError, match="No journal here has the ISSN 1996-7845 or 2542-2081"):
        call_command("import_crossref", DOI)
    assert _nothing_saved()


def test_several_dois_import_each_and_report_the_failures(crossref, iorj, capsys):
    crossref.add_record(work())
    with pytest.raises(CommandError, match=r"Crossref has no work with the DOI 10\.1000/missing"):
        call_command("import_crossref", DOI, "10.1000/missing")
    assert Article.objects.filter(doi=DOI).exists()
