"""A Crossref stand-in on 127.0.0.1 for the checker's tests, records shaped like Crossref's, and the
sample article page's reference list (the reference-check domain's tests use them too)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crossref_standin.rest import DEMO_RECORDS, CrossrefStandIn
from editorial.bibliography.parser import ParsedReference, parse_reference_list
from editorial.crossref.rest import CrossrefRestClient

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "article-page-lomonosov-2021-13-3.txt"
MAILTO = "editor@journal.invalid"


def work(doi: str, title: str, family: str, year: int, container: str = "", **extra: Any) -> dict[str, Any]:
    """A Crossref work message with what the checker reads, plus whatever a test adds."""
    record = {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": [{"family": family, "given": "A.", "sequence": "first"}],
        "issued": {"date-parts": [[year, 3]]},
        "container-title": [container] if container else [],
        "publisher": "Test Publisher",
    }
    return record | extra


@pytest.fixture
def crossref():
    """A running stand-in with no records; tests add what they need."""
    with CrossrefStandIn(hang_seconds=2.0) as standin:
        yield standin


@pytest.fixture
def demo_crossref(crossref):
    """The stand-in loaded with the records written for the demo article's references."""
    crossref.load_records(DEMO_RECORDS)
    return crossref


@pytest.fixture
def client_for():
    """A REST client for a stand-in, quick to give up, so failures stay fast."""

    def make(standin: CrossrefStandIn, **options: Any) -> CrossrefRestClient:
        defaults = {"mailto": MAILTO, "agent": "journal-editorial/test", "timeout": 0.5, "backoff_seconds": 0.01}
        return CrossrefRestClient(base_url=standin.url, **(defaults | options))

    return make


@pytest.fixture
def sample_text() -> str:
    if not SAMPLE.exists():
        pytest.skip(f"the sample article page is not at {SAMPLE}")
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def sample_references(sample_text) -> list[ParsedReference]:
    """The sample page's reference list, pasted as the lines of the page."""
    return parse_reference_list(printed_reference_list(sample_text))


def printed_reference_list(sample_text: str) -> str:
    return sample_text.split("\nReferences\n", 1)[1].split("\nReview\n", 1)[0]
