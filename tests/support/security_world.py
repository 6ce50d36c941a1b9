"""Data for the security tests: submissions in the states each role's pages show, and a reference
check whose report offers a Crossref suggestion (so its "apply" button is on the page)."""

from __future__ import annotations

from crossref_standin.rest import CrossrefStandIn
from editorial.references.services import check_submission_now
from editorial.submissions.services import submissions
from tests.support.workflow_fixtures import PATHS, Cast, ready_draft

SUGGESTED = {
    "DOI": "10.5555/regions",
    "type": "journal-article",
    "title": ["Regions and Powers: The Structure of Security"],
    "author": [{"family": "Buzan", "given": "B.", "sequence": "first"}],
    "issued": {"date-parts": [[2003, 3]]},
    "container-title": [],
    "publisher": "Test Publisher",
}
REFERENCE_WITHOUT_DOI = "Buzan B. 2003. Regions and powers: The structure of security. Cambridge, CUP."


def submission_with_references(cast: Cast, state: str, *, title: str, references: list[str]):
    """A submission with this reference list, brought to ``state`` by the services."""
    draft = ready_draft(cast, title=title)
    submissions.save_references(user=cast.author, submission_id=draft.pk, items=references)
    for step in PATHS[state]:
        step(cast, draft)
    draft.refresh_from_db()
    return draft


def run_reference_check(settings, submission, records: list[dict]) -> None:
    """Check the submission's references now against a Crossref stand-in holding ``records``."""
    with CrossrefStandIn(hang_seconds=2.0) as crossref:
        for record in records:
            crossref.add_record(record)
        settings.CROSSREF_API_URL = crossref.url
        settings.CROSSREF_REST_TIMEOUT = 1.0
        settings.CROSSREF_REST_RETRIES = 1
        check_submission_now(submission_id=submission.pk)
