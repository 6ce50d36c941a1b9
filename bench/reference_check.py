"""Reference checks: the demo article's 50 references against a Crossref stand-in answering in 200 ms.

Measures the wall time of a check made one lookup at a time, the same check with the configured pool
(REFERENCE_CHECK_CONCURRENCY, default 8) while the stand-in enforces Crossref's 50 requests a second,
and a re-check answered from the look-up cache (Redis, as in production). Target: the pool at least
five times faster than one at a time, with no request refused for the rate.

    python bench/reference_check.py [--latency-ms 200]      (or: python bench/run.py reference_check)

Uses the benchmark database and Redis DB of bench/harness.py (BENCH_DATABASE_URL, BENCH_REDIS_URL),
which it resets.
"""

from __future__ import annotations

import argparse
import json
import time

from harness import ENV, ROOT, emit, reset_database, setup_django


def demo_references():
    from editorial.bibliography.parser import parse_reference
    from editorial.demo.loader import DEFAULT_FIXTURE

    entries = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))["published_article"]["references"]
    return [parse_reference(entry["raw_text"], position=entry["position"]) for entry in entries]


def timed(function):
    started = time.perf_counter()
    outcome = function()
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=200.0)
    args = parser.parse_args()

    import sys

    sys.path.insert(0, str(ROOT))
    from crossref_standin.rest import DEMO_RECORDS, CrossrefStandIn

    with CrossrefStandIn(latency=args.latency_ms / 1000, enforce_rate_limit=True, rate_limit=50) as standin:
        standin.load_records(DEMO_RECORDS)
        ENV.update(CROSSREF_API_URL=standin.url, CROSSREF_MAILTO="bench@journal.invalid")
        reset_database()
        setup_django()

        from django.conf import settings

        from editorial.bibliography.checker import check_references
        from editorial.references.lookups import crossref_client, lookup_cache
        from editorial.references.services import check_parsed_references

        references = demo_references()
        concurrency = settings.REFERENCE_CHECK_CONCURRENCY
        sequential_seconds, sequential = timed(lambda: check_references(references, crossref_client(), concurrency=1))
        standin.reset_log()
        concurrent_seconds, concurrent = timed(
            lambda: check_references(references, crossref_client(), concurrency=concurrency)
        )
        concurrent_requests, max_in_flight = standin.request_count, standin.max_in_flight
        rate_limited = sum(request.status == 429 for request in standin.requests)

        check_parsed_references(references)  # fills the cache
        standin.reset_log()
        cached_seconds, cached = timed(lambda: check_parsed_references(references))
        cached_requests = standin.request_count

    emit(
        "reference_check",
        {
            "references": len(references),
            "latency_ms": args.latency_ms,
            "concurrency": concurrency,
            "sequential_seconds": round(sequential_seconds, 3),
            "concurrent_seconds": round(concurrent_seconds, 3),
            "speedup": round(sequential_seconds / concurrent_seconds, 2),
            "cached_rerun_seconds": round(cached_seconds, 3),
            "cached_rerun_requests": cached_requests,
            "cached_rerun_hits": cached.cache_hits,
            "cache_store": type(lookup_cache()).__name__,
            "concurrent_requests": concurrent_requests,
            "max_requests_in_flight": max_in_flight,
            "rate_limited_responses": rate_limited,
            "same_results": [r.as_dict() for r in sequential.results] == [r.as_dict() for r in concurrent.results],
            "summary": concurrent.summary,
        },
    )


if __name__ == "__main__":
    main()
