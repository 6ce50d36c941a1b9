"""Every write of the API, as its OpenAPI schema (/api/schema/) describes it, with each required
field left out in turn: a 400 in JSON naming the field, and nothing saved. The full body, built
from the test world, is accepted, so the 400 is the missing field's doing and not the world's.

A new write endpoint fails ``test_every_write_operation_of_the_schema_is_covered`` until a case
for it is added here: the schema is the list of what a client may send.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from editorial.models import Contributor, Copyedit
from editorial.production.services import copyediting, proofs, publication
from editorial.production.services import galleys as galley_uploads
from editorial.review.services import reviews as review_services
from editorial.submissions.services import decisions
from editorial.submissions.services import submissions as submission_services
from tests.support.api import api_for
from tests.support.factories import published_article
from tests.support.interop import HANDWRITTEN
from tests.support.production_fixtures import due_in, in_production, pdf_galley
from tests.support.review_fixtures import accepted, full_review, invite
from tests.support.security_world import (
    REFERENCE_WITHOUT_DOI,
    SUGGESTED,
    run_reference_check,
    submission_with_references,
)
from tests.support.workflow_fixtures import PASSWORD, make_docx, make_pdf, ready_draft, submission_in, upload

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch")


# --- The schema's write operations --------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    content_types: tuple[str, ...]
    required: tuple[str, ...]


@cache
def schema() -> dict:
    return Client().get("/api/schema/", {"format": "json"}).json()


def bodiless_write_operations() -> set[str]:
    """Writes that take no body (``submit``, ``accept`` ...): nothing to leave out."""
    return {
        operation["operationId"]
        for methods in schema()["paths"].values()
        for method, operation in methods.items()
        if method in WRITE_METHODS and "requestBody" not in operation
    }


@cache
def write_operations() -> dict[str, Operation]:
    """The operations of /api/schema/ that take a request body, with the body's required fields."""
    components = schema()["components"]["schemas"]
    operations = {}
    for path, methods in schema()["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody")
            if method not in WRITE_METHODS or body is None:
                continue
            content_types = tuple(body["content"])
            shape = body["content"][content_types[0]]["schema"]
            if "$ref" in shape:
                shape = components[shape["$ref"].rsplit("/", 1)[1]]
            operations[operation["operationId"]] = Operation(
                method, path, content_types, tuple(sorted(shape.get("required", ())))
            )
    return operations


# --- A valid request for each operation, from the test world ------------------------------------------------


@dataclass
class Request:
    user: object  # None: anonymous
    ids: dict = field(default_factory=dict)  # the path's parameters
    body: dict = field(default_factory=dict)  # values, or callables making a fresh one (uploads)
    status: int = 200

    def values(self, leave_out: str | None = None) -> dict:
        return {k: v() if callable(v) else v for k, v in self.body.items() if k != leave_out}


class World:
    """The fixtures a case asks for, made only when it asks."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request

    def __getattr__(self, name: str):
        return self._request.getfixturevalue(name)


def pdf():
    return upload(make_pdf("Revised"))


def docx():
    return upload(make_docx(), "edited.docx")


def _editor_on(state: str, *, status: int = 200, **body) -> Callable[[World], Request]:
    return lambda w: Request(w.cast.managing_editor, {"id": submission_in(w.cast, state).pk}, body, status)


def _author_on(state: str, **body) -> Callable[[World], Request]:
    return lambda w: Request(w.cast.author, {"id": submission_in(w.cast, state).pk}, body)


def _contributor(w: World) -> Contributor:
    return ready_draft(w.cast).contributors.get()


def _contributor_body(contributor: Contributor) -> dict:
    return {
        "submission": contributor.submission_id,
        "given_names": "Pavel",
        "family_name": "Primerov",
        "email": "primerov@example.org",
        "orcid": "0000-0001-5109-3700",
        "affiliation": "Institute of Alliances",
        "country": "RU",
    }


def contributors_create(w: World) -> Request:
    draft = ready_draft(w.cast)
    body = _contributor_body(draft.contributors.get()) | {"submission": draft.pk}
    return Request(w.cast.author, {}, body, status=201)


def contributors_update(w: World) -> Request:
    contributor = _contributor(w)
    body = _contributor_body(contributor) | {"email": "author@example.org", "is_corresponding": True}
    return Request(w.cast.author, {"id": contributor.pk}, body)


def contributors_partial_update(w: World) -> Request:
    return Request(w.cast.author, {"id": _contributor(w).pk}, {"family_name": "Testova-Primerova"})


def files_create(w: World) -> Request:
    body = {"submission": ready_draft(w.cast).pk, "kind": "manuscript", "file": pdf}
    return Request(w.cast.author, {}, body, status=201)


def submissions_create(w: World) -> Request:
    body = {"journal": w.cast.journal.pk, "section": w.cast.section.pk, "language": "en", "title": "Hedging"}
    body |= {"abstract": "Small states hedge."}
    return Request(w.cast.author, {}, body | {"keywords": ["hedging"]}, status=201)


def submissions_references_update(w: World) -> Request:
    return Request(w.cast.author, {"id": ready_draft(w.cast).pk}, {"text": f"1. {REFERENCE_WITHOUT_DOI}"})


def submissions_reorder_contributors_create(w: World) -> Request:
    draft = ready_draft(w.cast)
    return Request(w.cast.author, {"id": draft.pk}, {"order": [c.pk for c in draft.contributors.all()]})


def submissions_assign_editor_create(w: World) -> Request:
    draft = ready_draft(w.cast)
    submission_services.submit_submission(user=w.cast.author, submission_id=draft.pk)
    return Request(w.cast.managing_editor, {"id": draft.pk}, {"editor": w.cast.handling_editor.person.pk})


def submissions_revise_create(w: World) -> Request:
    submission = submission_in(w.cast, "revision_requested")
    return Request(w.cast.author, {"id": submission.pk}, {"manuscript": pdf, "response_to_reviewers": "Done."})


def token_create(w: World) -> Request:
    return Request(None, {}, {"username": w.cast.author.username, "password": PASSWORD})


def doi_registrations_deposit_create(w: World) -> Request:
    article = published_article(doi="10.5555/required.1", journal=w.cast.journal)
    return Request(w.cast.managing_editor, {}, {"article": article.pk}, status=202)


def jats_imports_create(w: World) -> Request:
    w.cast.journal.issn_print, w.cast.journal.issn_online = "", "2500-0047"
    w.cast.journal.save()

    def jats():
        return SimpleUploadedFile("article.xml", HANDWRITTEN.read_bytes(), content_type="application/xml")

    return Request(w.cast.managing_editor, {}, {"file": jats}, status=201)


def reference_checks_create(w: World) -> Request:
    submission = submission_with_references(w.cast, "submitted", title="Checked", references=[REFERENCE_WITHOUT_DOI])
    return Request(w.cast.managing_editor, {}, {"submission": submission.pk}, status=202)


def reference_checks_apply_suggestion_create(w: World) -> Request:
    submission = submission_with_references(w.cast, "submitted", title="Checked", references=[REFERENCE_WITHOUT_DOI])
    run_reference_check(w.settings, submission, [SUGGESTED])
    check = submission.reference_checks.order_by("-pk").first()
    return Request(w.cast.managing_editor, {"id": check.pk}, {"position": 1})


# Peer review: the review cast's submission is under review, with reviewers in the pool.


def _assignment(w: World, *, accept: bool = False):
    make = accepted if accept else invite
    return make(w.cast, w.review_cast.submission, w.review_cast.reviewer)


def review_assignments_create(w: World) -> Request:
    body = {"submission": w.review_cast.submission.pk, "reviewer": w.review_cast.reviewer.person.pk}
    return Request(w.cast.managing_editor, {}, body | {"due_date": due_in(21)}, status=201)


def review_assignments_reassign_create(w: World) -> Request:
    assignment = _assignment(w)
    body = {"reviewer": w.review_cast.other_reviewer.person.pk, "due_date": due_in(21)}
    return Request(w.cast.managing_editor, {"id": assignment.pk}, body, status=201)


def review_assignments_reinvite_create(w: World) -> Request:
    cast, submission = w.cast, w.review_cast.submission
    assignment = _assignment(w, accept=True)
    review_services.submit_review(user=w.review_cast.reviewer, assignment_id=assignment.pk, data=full_review())
    decisions.record_decision(user=cast.managing_editor, submission_id=submission.pk, kind="minor_revision")
    submission_services.submit_revision(
        user=cast.author, submission_id=submission.pk, manuscript=pdf(), response_to_reviewers="Done."
    )
    decisions.send_to_review(user=cast.managing_editor, submission_id=submission.pk)  # round 2
    return Request(cast.managing_editor, {}, {"submission": submission.pk, "due_date": due_in(14)}, status=201)


def review_assignments_rate_create(w: World) -> Request:
    assignment = _assignment(w, accept=True)
    review_services.submit_review(user=w.review_cast.reviewer, assignment_id=assignment.pk, data=full_review())
    return Request(w.cast.managing_editor, {"id": assignment.pk}, {"rating": 4})


def _on_invitation(user: str, body: dict, *, accept: bool = False) -> Callable[[World], Request]:
    def make(w: World) -> Request:
        who = w.cast.managing_editor if user == "editor" else w.review_cast.reviewer
        return Request(who, {"id": _assignment(w, accept=accept).pk}, body)

    return make


REVIEW = {
    "recommendation": "minor_revision",
    "comments_to_author": "Section 2 needs a source.",
    "confidential_comments": "Competent.",
    "no_competing_interests": True,
}


# Production: an accepted submission, the crew, and each step brought about by the services.


def _accepted(w: World):
    return submission_in(w.cast, "accepted"), w.crew


def _copyedit(w: World, *, uploaded: bool = False) -> tuple[object, Copyedit]:
    submission, crew = _accepted(w)
    copyedit = copyediting.assign_copyeditor(
        user=w.cast.managing_editor,
        submission_id=submission.pk,
        copyeditor_person_id=crew.copyeditor.person.pk,
        due_on=due_in(7),
    )
    if uploaded:
        copyediting.upload_copyedit(user=crew.copyeditor, copyedit_id=copyedit.pk, upload=docx())
    return submission, copyedit


def production_copyeditor_create(w: World) -> Request:
    submission, crew = _accepted(w)
    body = {"copyeditor": crew.copyeditor.person.pk, "due_on": due_in(10)}
    return Request(w.cast.managing_editor, {"id": submission.pk}, body)


def production_copyedit_upload_create(w: World) -> Request:
    submission, copyedit = _copyedit(w)
    return Request(w.crew.copyeditor, {"id": submission.pk}, {"copyedit": copyedit.pk, "file": docx})


def production_copyedit_review_create(w: World) -> Request:
    submission, copyedit = _copyedit(w, uploaded=True)
    return Request(w.cast.author, {"id": submission.pk}, {"copyedit": copyedit.pk, "outcome": "accept"})


def production_galleys_create(w: World) -> Request:
    submission, _ = _copyedit(w)
    crew = w.crew
    return Request(crew.typesetter, {"id": submission.pk}, {"file": pdf_galley, "label": "PDF"})


def production_galley_approval_create(w: World) -> Request:
    submission, _ = _copyedit(w)
    crew = w.crew
    galley = galley_uploads.upload_galley(user=crew.typesetter, submission_id=submission.pk, upload=pdf_galley())
    return Request(w.cast.managing_editor, {"id": submission.pk}, {"galley": galley.pk, "primary": True})


def production_record_update(w: World) -> Request:
    submission, _ = _copyedit(w)
    crew = w.crew
    body = {"issue": crew.issue.pk, "section": w.cast.section.pk, "first_page": "75", "last_page": "111"}
    return Request(w.cast.managing_editor, {"id": submission.pk}, body)


def _in_production(w: World):
    submission, _ = in_production(w.cast, w.crew)
    return submission


def production_proofs_answer_create(w: World) -> Request:
    submission = _in_production(w)
    proofs.send_proofs(user=w.cast.managing_editor, submission_id=submission.pk)
    return Request(w.cast.author, {"id": submission.pk}, {"outcome": "approve"})


def production_publish_create(w: World) -> Request:
    body = {"override_reason": "The author approved the proofs by telephone."}
    return Request(w.cast.managing_editor, {"id": _in_production(w).pk}, body)


def _published(w: World):
    submission = _in_production(w)
    publication.publish(user=w.cast.managing_editor, submission_id=submission.pk, override_reason="Approved.")
    return submission


def production_correct_create(w: World) -> Request:
    body = {"note": "The affiliation was wrong.", "galley": lambda: pdf_galley("Corrected")}
    return Request(w.cast.managing_editor, {"id": _published(w).pk}, body)


def production_retract_create(w: World) -> Request:
    return Request(w.cast.managing_editor, {"id": _published(w).pk}, {"notice": "Retracted: a data error."})


CASES: dict[str, Callable[[World], Request]] = {
    "token_create": token_create,
    # Submissions and their parts
    "submissions_create": submissions_create,
    "submissions_partial_update": lambda w: Request(w.cast.author, {"id": ready_draft(w.cast).pk}, {"title": "New"}),
    "submissions_withdraw_create": _author_on("submitted", reason="Sent elsewhere."),
    "submissions_revise_create": submissions_revise_create,
    "submissions_references_update": submissions_references_update,
    "submissions_reorder_contributors_create": submissions_reorder_contributors_create,
    "submissions_assign_editor_create": submissions_assign_editor_create,
    "submissions_screen_create": _editor_on("submitted", outcome="send_to_review"),
    "submissions_decide_create": _editor_on("under_review", decision="accept", letter="Accepted.", subject="Yes"),
    "submissions_revision_due_create": _editor_on("revision_requested", revision_due=due_in(30)),
    "submissions_reopen_create": _editor_on("rejected", note="The second review was misread."),
    "submissions_notes_create": _editor_on("submitted", text="Check the figures.", status=201),
    "contributors_create": contributors_create,
    "contributors_update": contributors_update,
    "contributors_partial_update": contributors_partial_update,
    "files_create": files_create,
    # References and DOIs
    "reference_checks_create": reference_checks_create,
    "reference_checks_apply_suggestion_create": reference_checks_apply_suggestion_create,
    "doi_registrations_deposit_create": doi_registrations_deposit_create,
    "jats_imports_create": jats_imports_create,
    # Peer review
    "review_assignments_create": review_assignments_create,
    "review_assignments_reassign_create": review_assignments_reassign_create,
    "review_assignments_reinvite_create": review_assignments_reinvite_create,
    "review_assignments_cancel_create": _on_invitation("editor", {"reason": "No answer."}),
    "review_assignments_extend_create": _on_invitation("editor", {"due_date": due_in(40)}),
    "review_assignments_rate_create": review_assignments_rate_create,
    "reviewer_assignments_decline_create": _on_invitation("reviewer", {"reason": "Busy."}),
    "reviewer_assignments_review_partial_update": _on_invitation(
        "reviewer", {"comments_to_author": "So far"}, accept=True
    ),
    "reviewer_assignments_submit_create": _on_invitation("reviewer", REVIEW, accept=True),
    # Production
    "production_copyeditor_create": production_copyeditor_create,
    "production_copyedit_upload_create": production_copyedit_upload_create,
    "production_copyedit_review_create": production_copyedit_review_create,
    "production_galleys_create": production_galleys_create,
    "production_galley_approval_create": production_galley_approval_create,
    "production_record_update": production_record_update,
    "production_proofs_answer_create": production_proofs_answer_create,
    "production_publish_create": production_publish_create,
    "production_correct_create": production_correct_create,
    "production_retract_create": production_retract_create,
}

# Operations this file does not drive generically, each with the reason and a test by hand below.
BY_HAND: dict[str, str] = {}

# Writes without a body; a new one must be added here, on purpose.
NO_BODY = {
    "doi_registrations_deposit_again",
    "production_proofs_create",
    "production_unschedule_create",
    "reviewer_assignments_accept_create",
    "submissions_submit_create",
}


# --- Sending, and what "nothing saved" means ------------------------------------------------------------------


def send(client, operation: Operation, request: Request, body: dict):
    path = operation.path.format(**request.ids)
    has_file = any(hasattr(value, "read") for value in body.values())
    if "application/json" in operation.content_types and not has_file:
        return getattr(client, operation.method)(path, body, format="json")
    return getattr(client, operation.method)(path, body, format="multipart")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def assert_json_400_naming(response, name: str) -> None:
    assert response.status_code == 400, (name, response.status_code, response.content[:1000])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert name in response.json(), f"the answer names {name!r}: {response.json()}"


# --- The tests ---------------------------------------------------------------------------------------------


def test_every_write_operation_of_the_schema_is_covered(db):
    assert set(write_operations()) == set(CASES) | set(BY_HAND)
    assert bodiless_write_operations() == NO_BODY


@pytest.mark.parametrize("operation_id", sorted(CASES))
def test_each_required_field_left_out_is_a_json_400_naming_it_and_saves_nothing(operation_id, request):
    operation = write_operations()[operation_id]
    valid = CASES[operation_id](World(request))
    client = api_for(valid.user)
    assert set(operation.required) <= set(valid.body), "the valid body has every required field"

    for name in operation.required:
        before = row_counts()
        response = send(client, operation, valid, valid.values(leave_out=name))
        assert_json_400_naming(response, name)
        assert row_counts() == before, f"without {name}, nothing is saved"

    response = send(client, operation, valid, valid.values())
    assert response.status_code == valid.status, response.content[:2000]


@pytest.mark.parametrize("operation_id", sorted(CASES))
def test_each_optional_field_left_out_is_never_a_server_error(operation_id, request):
    """What the schema calls optional, the service must manage without (or refuse in JSON): an
    optional name the service could not do without was a TypeError, an HTML 500."""
    operation = write_operations()[operation_id]
    valid = CASES[operation_id](World(request))
    client = api_for(valid.user)

    for name in sorted(set(valid.body) - set(operation.required)):
        with transaction.atomic():  # each request starts from the same world
            response = send(client, operation, valid, valid.values(leave_out=name))
            transaction.set_rollback(True)
        assert response.status_code < 500, (name, response.content[:1000])
        assert response["Content-Type"].startswith("application/json"), (name, response["Content-Type"])


# --- The issue's own case, by hand --------------------------------------------------------------------------


def test_adding_an_author_without_given_names_is_a_json_400_naming_the_field(cast):
    draft, client = ready_draft(cast), api_for(cast.author)
    before = row_counts()
    response = client.post("/api/contributors/", {"submission": draft.pk, "family_name": "Primerov"}, format="json")
    assert_json_400_naming(response, "given_names")
    assert row_counts() == before


def test_an_author_with_blank_names_is_refused_by_the_service_in_json_naming_both(cast):
    """The serializer lets a blank name through to the service, whose refusal reaches the client."""
    contributor = ready_draft(cast).contributors.get()
    body = {"submission": contributor.submission_id, "given_names": " ", "family_name": ""}
    response = api_for(cast.author).put(f"/api/contributors/{contributor.pk}/", body, format="json")
    assert_json_400_naming(response, "given_names")
    assert "family_name" in response.json()
    contributor.refresh_from_db()
    assert (contributor.given_names, contributor.family_name) == ("Anna", "Testova")


def test_the_schema_says_an_author_needs_both_names(db):
    assert write_operations()["contributors_create"].required == ("family_name", "given_names", "submission")
    assert write_operations()["contributors_update"].required == ("family_name", "given_names", "submission")


def test_reassigning_a_reviewer_needs_no_submission_in_the_body(db):
    """The submission is the assignment's own; the schema no longer asks for one the view ignored."""
    assert "submission" not in write_operations()["review_assignments_reassign_create"].required
