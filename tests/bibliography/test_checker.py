"""The checker against the stand-in: every status, failures as "unverified", caching, concurrency."""

import pytest

from editorial.bibliography.checker import InMemoryLookupCache, check_references
from editorial.bibliography.parser import parse_reference_list
from editorial.bibliography.status import Status
from tests.support.references import work

RETRACTION = {
    "updated-by": [
        {
            "DOI": "10.5555/notice-1",
            "type": "retraction",
            "source": "retraction-watch",
            "label": "Retraction",
            "updated": {"date-parts": [[2022, 5, 1]]},
        }
    ]
}
RECORDS = [
    work("10.5555/ok", "Alliances, balance, and stability", "Snyder", 1991, "International Organization"),
    work("10.5555/elsewhere", "The Stability of a Unipolar World", "Wohlforth", 1999, "International Security"),
    work("10.5555/retracted", "Fabricated results on alliance duration", "Doe", 2018, "Journal of Tests", **RETRACTION),
    work(
        "10.5555/corrected",
        "Alliance politics revisited",
        "Roe",
        2016,
        "Journal of Tests",
        **{"updated-by": [{"DOI": "10.5555/erratum-7", "type": "correction", "source": "publisher"}]},
    ),
    work(
        "10.5555/concern",
        "Doubtful data on deterrence",
        "Poe",
        2017,
        "Journal of Tests",
        **{"updated-by": [{"DOI": "10.5555/eoc-3", "type": "expression_of_concern", "source": "publisher"}]},
    ),
    work("10.5555/findable", "Regions and Powers: The Structure of International Security", "Buzan", 2003, type="book"),
    # A strong search hit by title and author that was published in another year: never suggested.
    work("10.5555/origins-1987", "The Origins of Alliances", "Walt", 1987, type="book"),
]
LIST = "\n".join(
    [
        "1. Snyder G. H. 1991. Alliances, balance, and stability. International Organization, vol. 45, no. 1, "
        "pp. 121-142. DOI: 10.5555/ok.",
        "2. Wohlforth W. C. 2002. U. S. strategy in a unipolar world. In: Ikenberry G. J. (ed.). America "
        "unrivalled. New York, Cornell University Press, pp. 98-120. DOI: 10.5555/elsewhere.",
        "3. Nobody N. 2020. A work whose DOI was never registered. Journal of Tests, vol. 1. "
        "DOI: 10.5555/never-registered.",
        "4. Smith A. 1995. Alliance formation and war. International Studies Quarterly, vol. 39. DOI: 10.555/2600800.",
        "5. Doe J. 2018. Fabricated results on alliance duration. Journal of Tests, vol. 3. DOI: 10.5555/retracted.",
        "6. Roe R. 2016. Alliance politics revisited. Journal of Tests, vol. 2. DOI: 10.5555/corrected.",
        "7. Poe P. 2017. Doubtful data on deterrence. Journal of Tests, vol. 2. doi:10.5555/concern",
        "8. Buzan B., Waever O. 2003. Regions and powers: The structure of international security. Cambridge, "
        "Cambridge University Press.",
        "9. Walt S. M. 1990. The origins of alliances. New York, Cornell University Press.",
        "10. Snyder G. H. 1991. Alliances, balance, and stability. International Organization, vol. 45, no. 1. "
        "https://doi.org/10.5555/ok",
        "11. Lost L. 2019. A reference whose lookup keeps failing. Journal of Tests, vol. 9. DOI: 10.5555/flaky.",
    ]
)
EXPECTED = {
    1: Status.OK,
    2: Status.DOI_MISMATCH,
    3: Status.DOI_NOT_FOUND,
    4: Status.DOI_MALFORMED,
    5: Status.RETRACTED,
    6: Status.CORRECTED,
    7: Status.CONCERN,
    8: Status.DOI_SUGGESTED,
    9: Status.NO_MATCH,
    10: Status.DUPLICATE,
    11: Status.UNVERIFIED,
}


@pytest.fixture
def standin(crossref):
    for record in RECORDS:
        crossref.add_record(record)
    return crossref


def run(standin, client_for, **options):
    return check_references(parse_reference_list(LIST), client_for(standin, max_retries=1), **options)


def test_each_status_is_given_where_it_belongs(standin, client_for):
    standin.fail("500", times=10, match="10.5555/flaky")
    outcome = run(standin, client_for)
    assert {result.position: result.status for result in outcome.results} == EXPECTED
    assert outcome.summary == {str(status): 1 for status in EXPECTED.values() if status != Status.OK} | {
        "ok": 1,
        "total": 11,
    }


def test_a_mismatch_says_what_the_doi_points_to_and_what_was_cited(standin, client_for):
    result = run(standin, client_for).results[1]
    assert result.detail.startswith(
        'The DOI points to "The Stability of a Unipolar World" (1999); '
        'the citation is "U. S. strategy in a unipolar world" (2002).'
    )
    assert result.detail.endswith("Crossref has it in International Security; the citation, in America unrivalled.")
    assert result.disagreements == ["year", "title", "container"]
    assert result.registered["title"] == "The Stability of a Unipolar World"
    assert result.registered["doi"] == "10.5555/elsewhere"


def test_a_retraction_names_its_notice_and_source(standin, client_for):
    result = run(standin, client_for).results[4]
    assert "10.5555/notice-1" in result.detail
    assert "Retraction Watch" in result.detail
    assert result.registered["updates"][0]["type"] == "retraction"


def test_a_suggestion_needs_author_year_and_title_to_agree_never_the_score(standin, client_for):
    results = {result.position: result for result in run(standin, client_for).results}
    assert results[8].suggested_doi == "10.5555/findable"
    assert results[9].suggested_doi == ""  # "The Origins of Alliances" is the top hit, but from 1987
    assert "10.5555/origins-1987" in results[9].detail
    assert "year" in results[9].detail
    search = [r for r in standin.requests if r.path == "/works" and "Walt" in r.query["query.bibliographic"][0]]
    assert search[0].query["rows"] == ["5"]


def test_a_duplicate_names_the_first_citation_and_is_not_looked_up_again(standin, client_for):
    results = {result.position: result for result in run(standin, client_for).results}
    assert results[10].detail == "The same work as reference 1; cite it once."
    assert [r.path for r in standin.requests].count("/works/10.5555/ok") == 1


def test_a_timeout_gives_unverified_never_ok(standin, client_for):
    standin.fail("timeout", times=10, match="10.5555/ok")
    outcome = check_references(parse_reference_list(LIST)[:1], client_for(standin, timeout=0.3, max_retries=1))
    (result,) = outcome.results
    assert result.status == Status.UNVERIFIED
    assert "did not answer in time" in result.detail
    assert outcome.failures == 1


def test_lookups_left_when_the_deadline_passes_are_unverified(standin, client_for):
    outcome = run(standin, client_for, deadline_seconds=0)
    assert {r.status for r in outcome.results if r.position not in (4, 10)} == {Status.UNVERIFIED}
    assert "ran out of time" in outcome.results[0].detail
    assert standin.request_count == 0


def test_a_500_then_success_gives_the_real_answer(standin, client_for):
    standin.fail("500", times=1, match="10.5555/ok")
    (result,) = check_references(parse_reference_list(LIST)[:1], client_for(standin)).results
    assert result.status == Status.OK


def test_a_429_with_retry_after_delays_but_does_not_fail_the_check(standin, client_for):
    standin.fail("429", times=1, retry_after="1", match="10.5555/ok")
    (result,) = check_references(parse_reference_list(LIST)[:1], client_for(standin)).results
    assert result.status == Status.OK
    assert [r.status for r in standin.requests] == [429, 200]


def test_failures_are_not_cached_and_answers_are(standin, client_for):
    cache = InMemoryLookupCache()
    standin.fail("500", times=10, match="10.5555/flaky")
    first = run(standin, client_for, cache=cache)
    assert first.cache_hits == 0
    sent = standin.request_count
    second = run(standin, client_for, cache=cache)
    assert second.cache_hits == second.lookups - 1  # everything but the failed lookup
    assert [r.path for r in standin.requests[sent:]] == ["/works/10.5555/flaky", "/works/10.5555/flaky"]
    assert {r.position: r.status for r in second.results} == dict(EXPECTED.items())


def test_a_cached_rerun_of_an_unchanged_list_makes_no_request(standin, client_for):
    cache = InMemoryLookupCache()
    first = run(standin, client_for, cache=cache)
    sent = standin.request_count
    second = run(standin, client_for, cache=cache)
    assert standin.request_count == sent
    assert second.cache_hits == second.lookups == first.lookups
    assert [r.as_dict() for r in second.results] == [r.as_dict() for r in first.results]


def test_lookups_run_concurrently_but_never_more_than_the_bound(crossref, client_for):
    crossref.latency = 0.15
    lines = [f"{n}. Author A. 2000. Title number {n}. Journal, vol. 1. DOI: 10.5555/n{n}." for n in range(1, 13)]
    outcome = check_references(parse_reference_list("\n".join(lines)), client_for(crossref), concurrency=3)
    assert {result.status for result in outcome.results} == {Status.DOI_NOT_FOUND}
    assert crossref.max_in_flight == 3


def test_the_demo_article_check_finds_the_planted_problems(demo_crossref, client_for, sample_references):
    outcome = check_references(sample_references, client_for(demo_crossref), concurrency=8)
    statuses = {result.position: result.status for result in outcome.results}
    assert [p for p, s in statuses.items() if s == Status.DOI_MISMATCH] == [36, 42, 43, 49]
    assert [p for p, s in statuses.items() if s == Status.DOI_SUGGESTED] == [1, 13, 29]
    assert outcome.summary == {"doi_mismatch": 4, "doi_suggested": 3, "no_match": 10, "ok": 33, "total": 50}
    first = outcome.results[0]
    assert first.suggested_doi == "10.31278/1810-6439-2020-18-1-30-38"  # a Cyrillic record for a transliteration
    assert first.registered["title"] == "Россия как держава статус-кво"
