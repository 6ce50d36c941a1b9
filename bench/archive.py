"""The archive, an issue's contents, search results and the editor dashboard with 10,000 published
articles in 200 issues and 10,000 submissions: p50 time, and SQL query counts that must not grow
with the data (measured on the demo data first, then at scale)."""

from __future__ import annotations

import json
import statistics
import time

from harness import ENV, manage, reset_database, setup_django

REQUESTS = 40


def measure(client, path: str) -> tuple[float, int]:
    """p50 in ms over REQUESTS requests (after two warm-ups), and the queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return round(statistics.median(timings), 2), len(queries)


def pages(journal, issue) -> dict[str, str]:
    return {
        "issue_archive": f"/{journal.slug}/issues/",
        "issue_toc": f"/{journal.slug}/issue/{issue.pk}/",
        "search": "/search/?q=alliance+security",
        "dashboard_first_page": "/editorial/dashboard/",
    }


def main() -> None:
    reset_database()
    manage("load_demo", env={**ENV, "DEMO_PASSWORD": "bench-password-0123"})
    setup_django()
    import scale
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from editorial.models import Article, Issue, Journal, Submission

    client = Client(HTTP_HOST="127.0.0.1")
    journal = Journal.objects.get(slug="lomonosov-world-politics")
    client.force_login(get_user_model().objects.get(username="demo-editor"))
    small = {name: measure(client, path)[1] for name, path in pages(journal, journal.issues.first()).items()}

    data = scale.build()
    cache.clear()
    client.force_login(data["editor"])
    large = {name: measure(client, path) for name, path in pages(journal, data["issue"]).items()}
    counts = {
        "articles": Article.objects.count(),
        "issues": Issue.objects.count(),
        "submissions": Submission.objects.count(),
    }
    sections = {"archive": {"data": counts}, "dashboard": {"data": counts}}
    for name, (p50, queries) in large.items():
        section = sections["dashboard" if name.startswith("dashboard") else "archive"]
        key = name.removeprefix("dashboard_")
        section[f"{key}_p50_ms"] = p50
        section[f"{key}_queries"] = queries
        section[f"{key}_queries_with_demo_data"] = small[name]
    print(json.dumps(sections))


if __name__ == "__main__":
    main()
