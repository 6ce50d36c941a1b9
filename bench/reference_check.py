"""Benchmark: checking the demo article's 50 references against a Crossref stand-in answering in 200 ms.

Measures the wall time of a check one lookup at a time, the same check with the configured pool
(REFERENCE_CHECK_CONCURRENCY, default 8) under the stand-in's enforced rate limit of 50 requests a
second, and a re-check answered from the look-up cache. Prints one JSON object.

    python bench/reference_check.py [--latency-ms 200]

It sets Django up itself, on a throw-away SQLite database unless DATABASE_URL is set (then that
database's CrossrefLookup table, or Redis when REDIS_URL is set, holds the cache). Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(api_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journal.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-any-deployment-0123456789")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='refcheck-bench-')}/bench.sqlite3"
    os.environ["CROSSREF_API_URL"] = api_url
    os.environ.setdefault("CROSSREF_MAILTO", "bench@journal.invalid")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def demo_references():
    from editorial.references.parser import parse_reference
    from editorial.services.demo import DEFAULT_FIXTURE

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

    from crossref_standin.rest import DEMO_RECORDS, CrossrefStandIn

    with CrossrefStandIn(latency=args.latency_ms / 1000, enforce_rate_limit=True, rate_limit=50) as standin:
        standin.load_records(DEMO_RECORDS)
        setup_django(standin.url)

        from django.conf import settings

        from editorial.references.checker import check_references
        from editorial.services.crossref_lookups import crossref_client, lookup_cache
        from editorial.services.reference_checks import check_parsed_references

        references = demo_references()
        concurrency = settings.REFERENCE_CHECK_CONCURRENCY
        sequential_seconds, sequential = timed(lambda: check_references(references, crossref_client(), concurrency=1))
        standin.reset_log()
        concurrent_seconds, concurrent = timed(
            lambda: check_references(references, crossref_client(), concurrency=concurrency)
        )
        concurrent_requests, max_in_flight = standin.request_count, standin.max_in_flight
        rate_limited = sum(request.status == 429 for request in standin.requests)

        cache_store = type(lookup_cache()).__name__
        check_parsed_references(references)  # fills the cache
        standin.reset_log()
        cached_seconds, cached = timed(lambda: check_parsed_references(references))
        cached_requests = standin.request_count

    same = [r.as_dict() for r in sequential.results] == [r.as_dict() for r in concurrent.results]
    print(
        json.dumps(
            {
                "reference_check": {
                    "references": len(references),
                    "latency_ms": args.latency_ms,
                    "concurrency": concurrency,
                    "sequential_seconds": round(sequential_seconds, 3),
                    "concurrent_seconds": round(concurrent_seconds, 3),
                    "speedup": round(sequential_seconds / concurrent_seconds, 2),
                    "cached_rerun_seconds": round(cached_seconds, 3),
                    "cached_rerun_requests": cached_requests,
                    "cached_rerun_hits": cached.cache_hits,
                    "cache_store": cache_store,
                    "concurrent_requests": concurrent_requests,
                    "max_requests_in_flight": max_in_flight,
                    "rate_limited_responses": rate_limited,
                    "same_results": same,
                    "summary": concurrent.summary,
                }
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
