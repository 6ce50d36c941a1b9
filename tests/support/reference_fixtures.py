"""Fixtures of the reference tools' and the reference check's tests: a Crossref stand-in on
127.0.0.1, a REST client for it, and the sample article page's reference list."""

from __future__ import annotations

from typing import Any

import pytest

from crossref_standin.rest import DEMO_RECORDS, CrossrefStandIn
from editorial.bibliography.parser import ParsedReference, parse_reference_list
from editorial.crossref.rest import CrossrefRestClient
from tests.support.references import MAILTO, SAMPLE, printed_reference_list


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
