"""Benchmark: build and validate the deposit XML of an issue of 100 articles with 50 references each.

Run ``python bench/deposit_xml.py``. The schema is compiled once, before the clock starts (its
compile time goes to stderr); the figure is building the file plus validating it, best of three.
Prints {"deposit_xml": {"articles": 100, "references_per_article": 50, "seconds": ...}}.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from editorial.crossref import metadata as md  # noqa: E402
from editorial.crossref import schema  # noqa: E402
from editorial.crossref.deposit_xml import build_deposit_xml  # noqa: E402

ARTICLES = 100
REFERENCES = 50
ROUNDS = 3


def sample_issue() -> md.Batch:
    """An issue shaped like the demo's: a few authors with affiliations, an abstract, 50 references."""
    articles = []
    for number in range(1, ARTICLES + 1):
        contributors = tuple(
            md.Contributor(
                given_names="Alexander N.",
                family_name=f"Korolev{'abcdefghij'[author]}",
                orcid="0000-0002-1825-0097" if author == 0 else "",
                affiliations=(
                    md.Affiliation("University of New South Wales", "School of Social Sciences", ("Sydney",)),
                ),
            )
            for author in range(3)
        )
        citations = tuple(
            md.Citation(
                key=f"ref{ref}",
                text=f"Author A. A. 20{ref % 25:02d}. A cited work, number {ref}. Journal of Things, vol. {ref}.",
                doi=f"10.5555/cited.{number}.{ref}" if ref % 4 else "",
            )
            for ref in range(1, REFERENCES + 1)
        )
        articles.append(
            md.Article(
                doi=f"10.48015/bench-{number}",
                url=f"https://journal.example.org/bench/article/{number}/",
                title=f"Balances of power, part {number}",
                language="en",
                published_on=datetime.date(2021, 9, 30),
                first_page=str(number * 10),
                last_page=str(number * 10 + 9),
                contributors=contributors,
                abstracts=(
                    md.Abstract("<p>Since the collapse of the Soviet Union, <i>relations</i> changed.</p>", "en"),
                ),
                citations=citations,
            )
        )
    return md.Batch(
        batch_id="bench-issue-1",
        timestamp=20210930000000000,
        depositor=md.Depositor("Bench Publisher", "deposits@example.org", "Bench Publisher"),
        journal=md.Journal("Lomonosov World Politics Journal", "Lomonosov World Polit. J.", "2076-7404", "", "en"),
        issue=md.Issue(year=2021, number="3", volume="13", publication_date=datetime.date(2021, 9, 30)),
        articles=tuple(articles),
    )


def main() -> None:
    started = time.perf_counter()
    schema.compiled_schema()
    print(f"schema compiled in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    batch = sample_issue()
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        xml = build_deposit_xml(batch)
        errors = schema.schema_errors(xml)
        timings.append(time.perf_counter() - started)
        if errors:
            raise SystemExit(f"the benchmark's XML is not valid: {errors[0]}")
    result = {
        "deposit_xml": {"articles": ARTICLES, "references_per_article": REFERENCES, "seconds": round(min(timings), 4)}
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
