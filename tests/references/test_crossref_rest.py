"""The Crossref REST client against the stand-in: politeness, retries, rate limits, failures."""

import time

import pytest

from editorial.crossref.rest import CrossrefUnavailable, RateLimiter, user_agent
from tests.support.references import MAILTO, work

DOI = "10.5555/alliances"


@pytest.fixture
def standin(crossref):
    crossref.add_record(work(DOI, "Alliances, balance, and stability", "Snyder", 1991))
    return crossref


def test_requests_go_to_the_polite_pool_with_a_user_agent_naming_the_project(standin, client_for):
    agent = user_agent(project="journal-editorial", version="0.1.0", mailto=MAILTO)
    client_for(standin, agent=agent).get_work(DOI)
    (request,) = standin.requests
    assert request.query["mailto"] == [MAILTO]
    assert request.headers["User-Agent"] == f"journal-editorial/0.1.0 (reference checks; mailto:{MAILTO})"
    assert request.path == f"/works/{DOI}"


def test_a_registered_doi_gives_its_work_and_an_unknown_one_none(standin, client_for):
    client = client_for(standin)
    assert client.get_work(DOI.upper())["title"] == ["Alliances, balance, and stability"]
    assert client.get_work("10.5555/never-registered") is None
    assert standin.request_count == 2  # a 404 is an answer, not retried


def test_a_500_is_retried_and_the_next_answer_used(standin, client_for):
    standin.fail("500", times=1)
    assert client_for(standin).get_work(DOI)["DOI"] == DOI
    assert [r.status for r in standin.requests] == [500, 200]


def test_a_429_waits_for_retry_after_before_asking_again(standin, client_for):
    standin.fail("429", times=1, retry_after="1")
    started = time.monotonic()
    assert client_for(standin).get_work(DOI)["DOI"] == DOI
    first, second = standin.requests
    assert first.status == 429
    assert second.status == 200
    assert second.started - first.started >= 0.95
    assert time.monotonic() - started >= 0.95


def test_a_retry_after_longer_than_allowed_is_a_failure_not_a_long_sleep(standin, client_for):
    standin.fail("429", times=1, retry_after="3600")
    with pytest.raises(CrossrefUnavailable, match="wait 3600 s"):
        client_for(standin, max_retry_after_seconds=30).get_work(DOI)
    assert standin.request_count == 1


def test_a_timeout_on_every_attempt_raises_after_the_retries(standin, client_for):
    standin.fail("timeout", times=3)
    with pytest.raises(CrossrefUnavailable, match="did not answer in time"):
        client_for(standin, timeout=0.3, max_retries=2).get_work(DOI)
    assert standin.request_count == 3


@pytest.mark.parametrize("fault", ["malformed", "reset", "503"])
def test_a_malformed_body_or_broken_connection_is_retried(standin, client_for, fault):
    standin.fail(fault, times=1)
    assert client_for(standin).get_work(DOI)["DOI"] == DOI
    assert standin.request_count == 2


def test_a_body_that_stays_malformed_is_a_failure(standin, client_for):
    standin.fail("malformed", times=10)
    with pytest.raises(CrossrefUnavailable, match="malformed"):
        client_for(standin, max_retries=1).get_work(DOI)


def test_bibliographic_search_sends_the_citation_and_returns_ranked_works(standin, client_for):
    standin.add_record(work("10.5555/other", "Something else entirely", "Other", 2005))
    items = client_for(standin).search_bibliographic("Snyder G. H. 1991. Alliances, balance, and stability.", rows=2)
    assert [item["DOI"] for item in items] == [DOI, "10.5555/other"]
    assert standin.requests[0].query["query.bibliographic"] == ["Snyder G. H. 1991. Alliances, balance, and stability."]
    assert standin.requests[0].query["rows"] == ["2"]


def test_the_advertised_rate_limit_is_adopted(crossref, client_for):
    crossref.state.rate_limit, crossref.state.rate_interval = 7, 2
    client = client_for(crossref)
    client.get_work("10.5555/anything")
    assert (client.rate_limiter.limit, client.rate_limiter.interval) == (7, 2.0)


def test_the_rate_limiter_spaces_requests_within_the_window():
    now = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(limit=5, interval=1.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        limiter.acquire()
    assert slept == []
    limiter.acquire()  # the sixth waits until the first leaves the window (a second, and a little headroom)
    assert slept == [pytest.approx(1.1)]
    limiter.pause(3.0)
    limiter.acquire()
    assert slept[-1] == pytest.approx(3.0)


def test_many_threads_stay_within_an_enforced_rate_limit(client_for):
    from concurrent.futures import ThreadPoolExecutor

    from crossref_standin.rest import CrossrefStandIn

    with CrossrefStandIn(rate_limit=20, rate_interval=1, enforce_rate_limit=True) as standin:
        client = client_for(standin)
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda n: client.get_work(f"10.5555/{n}"), range(30)))
        assert standin.request_count == 30
        assert all(request.status == 404 for request in standin.requests)  # none was refused with a 429
