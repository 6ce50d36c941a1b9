"""A reference's DOI is a link on the published page however the references arrived: typed or
pasted in the submission wizard, sent through the API, or saved before DOIs were parsed out."""

from __future__ import annotations

import re

import pytest

from editorial.models import Article, Reference
from editorial.production.services import copyediting, publication
from editorial.production.services import galleys as galley_uploads
from editorial.workflow import State
from tests.support.api import api_for
from tests.support.production_fixtures import due_in, pdf_galley
from tests.support.workflow_fixtures import PATHS, ready_draft

REFERENCES = [
    "Smith J. Alliances in the Baltic. Journal of Politics. 2019;12(3):45-67. doi:10.1234/jop.2019.045",
    "Ivanov I.I. Coalitions. Polis. 2020;(2):5-20. https://doi.org/10.30570/2078-5089-2020-97-2-5-20.",
    "Brown A. A book without a DOI. London: Press; 2018.",
]
DOIS = ["10.1234/jop.2019.045", "10.30570/2078-5089-2020-97-2-5-20"]


def _publish(cast, crew, submission) -> Article:
    """The draft taken on to acceptance and through the production services to the public page."""
    for step in PATHS[State.ACCEPTED]:
        step(cast, submission)
    editor = cast.managing_editor
    copyediting.assign_copyeditor(
        user=editor, submission_id=submission.pk, copyeditor_person_id=crew.copyeditor.person.pk, due_on=due_in(7)
    )
    galley = galley_uploads.upload_galley(user=editor, submission_id=submission.pk, upload=pdf_galley(), label="PDF")
    galley_uploads.approve_galley(user=editor, galley_id=galley.pk, primary=True)
    publication.set_publication_record(
        user=editor, submission_id=submission.pk, issue_id=crew.issue.pk, section_id=cast.section.pk, first_page="1"
    )
    return publication.publish(user=editor, submission_id=submission.pk, override_reason="Proofs read on paper.")


def _reference_links(client, article) -> list[str]:
    page = client.get(f"/{article.submission.journal.slug}/article/{article.pk}/", follow=True).content.decode()
    section = re.search(r'<ol class="references">(.*?)</ol>', page, re.S).group(1)
    return re.findall(r'<a class="ref-doi" href="([^"]+)">', section)


@pytest.fixture
def draft(cast):
    return ready_draft(cast)


def test_references_pasted_in_the_wizard_show_their_dois_as_links(cast, crew, client, draft):
    client.force_login(cast.author)
    pasted = "\n".join(f"{n}. {text}" for n, text in enumerate(REFERENCES, start=1))
    response = client.post(
        f"/editorial/submissions/{draft.pk}/draft/references/", {"action": "paste", "text": pasted}, follow=True
    )
    assert response.status_code == 200
    assert list(draft.references.values_list("doi", flat=True)) == [*DOIS, ""]
    article = _publish(cast, crew, draft)
    assert _reference_links(client, article) == [f"https://doi.org/{doi}" for doi in DOIS]


def test_references_sent_through_the_api_show_their_dois_as_links(cast, crew, client, draft):
    response = api_for(cast.author).put(
        f"/api/submissions/{draft.pk}/references/", {"items": REFERENCES}, format="json"
    )
    assert response.status_code == 200, response.data
    assert [item["doi"] for item in response.json()] == [*DOIS, ""]
    article = _publish(cast, crew, draft)
    assert _reference_links(client, article) == [f"https://doi.org/{doi}" for doi in DOIS]


def test_a_reference_stored_without_its_doi_still_links_the_printed_one(cast, crew, client, draft):
    api_for(cast.author).put(f"/api/submissions/{draft.pk}/references/", {"items": REFERENCES}, format="json")
    Reference.objects.filter(submission=draft).update(doi="")  # as rows saved before DOIs were parsed out
    article = _publish(cast, crew, draft)
    assert _reference_links(client, article) == [f"https://doi.org/{doi}" for doi in DOIS]
