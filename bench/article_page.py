"""The demo article page under load, cached and uncached, against the floor (a fixed tiny page).

Also the page's SQL query count with 30 authors and 200 references, which must not grow with them.
"""

import re
import urllib.request

from harness import ENV, bench_env, emit, gunicorn, manage, reset_database, setup_django, wrk

SECONDS = 10
CONNECTIONS = 8


def demo_article_path() -> str:
    out = manage("load_demo", env={**ENV, "DEMO_PASSWORD": "bench-password-0123"})
    return re.search(r"(/[\w-]+/article/\d+/\S*)", out).group(1)


def query_count_with_many_authors_and_references() -> int:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from editorial.demo.loader import load_demo
    from editorial.models import Affiliation, Article, Contributor, Reference

    article = Article.objects.select_related("submission__journal").get(doi__endswith="13-3-75-111")
    submission = article.submission
    Contributor.objects.filter(submission=submission).delete()
    Reference.objects.filter(submission=submission).delete()
    for position in range(1, 31):
        contributor = Contributor.objects.create(
            submission=submission, position=position, given_names="Author N.", family_name=f"Number{position}"
        )
        Affiliation.objects.create(contributor=contributor, institution=f"University {position}", country="AU")
    Reference.objects.bulk_create(
        Reference(
            submission=submission,
            position=n,
            raw_text=f"Author A. 2000. Work {n}. DOI: 10.1000/w{n}.",
            doi=f"10.1000/w{n}",
        )
        for n in range(1, 201)
    )
    from django.core.cache import cache

    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    path = f"/{submission.journal.slug}/article/{article.pk}/"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, follow=True)
    assert response.status_code == 200, response.status_code
    load_demo(password="bench-password-0123")  # put the demo article back as printed
    return len(queries)


def main() -> None:
    reset_database()
    path = demo_article_path()
    with gunicorn() as base:
        wrk(base + path, seconds=2, connections=CONNECTIONS)  # warm up workers and the cache
        floor = wrk(base + "/bench/floor/", seconds=SECONDS, connections=CONNECTIONS)
        page_bytes = len(urllib.request.urlopen(base + path).read())
        floor_same_size = wrk(base + f"/bench/floor/{page_bytes}/", seconds=SECONDS, connections=CONNECTIONS)
        cached = wrk(base + path, seconds=SECONDS, connections=CONNECTIONS)
    with gunicorn(env=bench_env(ARTICLE_PAGE_CACHE_SECONDS="0")) as base:
        wrk(base + path, seconds=2, connections=CONNECTIONS)
        uncached = wrk(base + path, seconds=SECONDS, connections=CONNECTIONS)
    emit(
        "article_page",
        {
            "path": path,
            "floor": floor,
            "cached": cached,
            "uncached": uncached,
            "cached_vs_floor": round(cached["requests_per_second"] / floor["requests_per_second"], 3),
            # The floor as big as the page: how much of the gap is the page's bytes, not its work.
            "page_bytes": page_bytes,
            "floor_same_size": floor_same_size,
            "cached_vs_floor_same_size": round(
                cached["requests_per_second"] / floor_same_size["requests_per_second"], 3
            ),
            "uncached_vs_floor": round(uncached["requests_per_second"] / floor["requests_per_second"], 3),
            "queries_30_authors_200_references": query_count_with_many_authors_and_references(),
        },
    )


if __name__ == "__main__":
    main()
