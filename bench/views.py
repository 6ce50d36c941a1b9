"""The views counter under load: 20,000 article views at concurrency 50 over 100 articles, with
repeat visitors; after the flush, the stored counts must equal what the COUNTER rules say.

Readers are told apart by address (the server trusts X-Forwarded-For here, as behind a proxy).
The double-click window is set longer than the run, so the expected count is exact: one view per
distinct reader and article, however often that reader reloaded.
"""

from __future__ import annotations

import http.client
import random
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

from harness import bench_env, emit, gunicorn, manage, reset_database, setup_django

REQUESTS = 20_000
CONCURRENCY = 50
ARTICLES = 100
READERS = 3_000
SERVER_ENV = bench_env(USAGE_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", USAGE_DOUBLE_CLICK_SECONDS="3600")


def plan(paths: list[str], seed: int = 11) -> list[tuple[str, str]]:
    """(reader address, path) for every request: readers come back to what they read before."""
    rng = random.Random(seed)
    requests, history = [], {}
    for _ in range(REQUESTS):
        number = rng.randrange(READERS)
        reader = f"10.0.{number // 250}.{number % 250 + 1}"
        seen = history.setdefault(reader, [])
        path = rng.choice(seen) if seen and rng.random() < 0.4 else rng.choice(paths)
        seen.append(path)
        requests.append((reader, path))
    return requests


def fetch(base: str, reader: str, path: str) -> int:
    parsed = urlparse(base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    try:
        headers = {"X-Forwarded-For": reader, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def main() -> None:
    reset_database()
    setup_django()
    import scale
    from django.db.models import Sum

    from editorial.models import Article
    from editorial.publishing.links import article_url

    manage("load_demo", env={**SERVER_ENV, "DEMO_PASSWORD": "bench-password-0123"})
    scale.build(articles=ARTICLES, issues=5, submissions=0)
    articles = list(Article.objects.filter(doi__startswith="10.48015/bench-").select_related("submission__journal"))
    paths = [article_url(article) for article in articles]
    requests = plan(paths)
    expected = len(set(requests))

    with gunicorn(env=SERVER_ENV) as base:
        started = time.perf_counter()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            statuses = list(pool.map(lambda request: fetch(base, *request), requests))
        seconds = time.perf_counter() - started
    manage("shell", "-c", "from editorial.tasks import flush_usage_counts; flush_usage_counts()", env=SERVER_ENV)
    stored = Article.objects.filter(pk__in=[a.pk for a in articles]).aggregate(total=Sum("views"))["total"] or 0
    emit(
        "views",
        {
            "requests": REQUESTS,
            "concurrency": CONCURRENCY,
            "articles": ARTICLES,
            "requests_per_second": round(REQUESTS / seconds, 1),
            "non_200": sum(1 for status in statuses if status != 200),
            "expected_views": expected,
            "stored_views": stored,
            "lost": expected - stored,
            "extra": max(0, stored - expected),
        },
    )


if __name__ == "__main__":
    main()
