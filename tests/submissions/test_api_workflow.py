"""The workflow through the REST API: the whole path from draft to accepted, field errors per field
with nothing half-saved, and every illegal transition answered 409 with the current state."""

from datetime import timedelta

import pytest
from django.utils import timezone

from editorial.models import Contributor, Decision, Event, ManuscriptFile, OutgoingEmail, Submission
from editorial.workflow import TRANSITIONS, State
from tests.support.api import api_for
from tests.support.workflow_fixtures import make_docx, make_pdf, ready_draft, submission_in, upload


def test_the_whole_path_from_draft_to_accepted(cast):
    author, managing, handling = api_for(cast.author), api_for(cast.managing_editor), api_for(cast.handling_editor)

    created = author.post(
        "/api/submissions/",
        {
            "journal": cast.journal.pk,
            "section": cast.section.pk,
            "language": "en",
            "title": "Hedging in Central Asia",
            "abstract": "Small states hedge.",
            "keywords": ["hedging", "Central Asia"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    sid = created.json()["id"]
    assert created.json()["state"] == "draft"
    assert [c["family_name"] for c in created.json()["contributors"]] == ["Testova"]

    coauthor = author.post(
        "/api/contributors/",
        {
            "submission": sid,
            "given_names": "Pavel",
            "family_name": "Primerov",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "affiliation": "Institute of Example Studies",
            "country": "RU",
        },
        format="json",
    )
    assert coauthor.status_code == 201, coauthor.json()
    assert (coauthor.json()["orcid"], coauthor.json()["country"]) == ("0000-0002-1825-0097", "RU")
    first = created.json()["contributors"][0]["id"]
    reordered = author.post(
        f"/api/submissions/{sid}/reorder-contributors/", {"order": [coauthor.json()["id"], first]}, format="json"
    )
    assert [c["family_name"] for c in reordered.json()["contributors"]] == ["Primerov", "Testova"]

    uploaded = author.post(
        "/api/files/", {"submission": sid, "kind": "manuscript", "file": upload(make_pdf(), "paper.pdf")}
    )
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json()["content_type"] == "application/pdf"
    references = author.put(f"/api/submissions/{sid}/references/", {"text": "1. First.\n2. Second."}, format="json")
    assert [r["raw_text"] for r in references.json()] == ["First.", "Second."]
    declared = author.patch(
        f"/api/submissions/{sid}/", {"originality_declared": True, "no_competing_interests": True}, format="json"
    )
    assert declared.status_code == 200, declared.json()

    submitted = author.post(f"/api/submissions/{sid}/submit/")
    assert (submitted.status_code, submitted.json()["state"]) == (200, "submitted")

    assigned = managing.post(
        f"/api/submissions/{sid}/assign-editor/", {"editor": cast.handling_editor.person.pk}, format="json"
    )
    assert assigned.json()["handling_editor"] == cast.handling_editor.person.pk
    screened = handling.post(f"/api/submissions/{sid}/screen/", {"outcome": "send_to_review"}, format="json")
    assert screened.json()["state"] == "under_review"

    draft_letter = handling.get(f"/api/submissions/{sid}/letter-draft/", {"decision": "minor_revision"})
    assert draft_letter.json()["letter"].startswith("Dear Anna Testova,")
    due = (timezone.localdate() + timedelta(days=21)).isoformat()
    revision = handling.post(
        f"/api/submissions/{sid}/decide/", {"decision": "minor_revision", "revision_due": due}, format="json"
    )
    assert (revision.json()["state"], revision.json()["revision_due"]) == ("revision_requested", due)

    revised = author.post(
        f"/api/submissions/{sid}/revise/",
        {"manuscript": upload(make_docx(), "revised.docx"), "response_to_reviewers": "We shortened section 3."},
    )
    assert (revised.status_code, revised.json()["state"], revised.json()["current_round"]) == (200, "resubmitted", 2)

    note = handling.post(f"/api/submissions/{sid}/notes/", {"text": "Ready to accept."}, format="json")
    assert note.status_code == 201
    accepted = handling.post(
        f"/api/submissions/{sid}/decide/", {"decision": "accept", "letter": "Dear Anna, accepted."}, format="json"
    )
    assert accepted.json()["state"] == "accepted"
    assert [d["kind"] for d in accepted.json()["decisions"]] == ["minor_revision", "accept"]

    seen_by_author = author.get("/api/events/", {"submission": sid}).json()["results"]
    assert [e["to_state"] for e in seen_by_author if e["action"] == "transition"] == [
        "submitted",
        "under_review",
        "revision_requested",
        "resubmitted",
        "accepted",
    ]
    assert "note" not in {e["action"] for e in seen_by_author}
    seen_by_editor = handling.get("/api/events/", {"submission": sid}).json()["results"]
    assert "Ready to accept." in [e["note"] for e in seen_by_editor]
    files = author.get("/api/files/", {"submission": sid}).json()["results"]
    assert [(f["round"], f["kind"]) for f in files] == [(1, "manuscript"), (2, "manuscript")]
    download = author.get(f"/api/files/{files[0]['id']}/download/")
    assert b"".join(download.streaming_content) == make_pdf()
    kinds = set(OutgoingEmail.objects.filter(submission_id=sid).values_list("kind", flat=True))
    assert {"submission_receipt", "submission_notice", "revision_request", "revision_notice", "decision"} <= kinds


# --- Field errors: 400, a message per field, nothing half-saved ---------------------------------------------


def test_a_draft_with_an_empty_title_is_not_created(cast):
    response = api_for(cast.author).post(
        "/api/submissions/", {"journal": cast.journal.pk, "title": "", "abstract": "A"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"title": ["Give the manuscript's title."]}
    assert not Submission.objects.exists()


def test_an_invalid_orcid_is_a_400_on_the_orcid_field(cast):
    draft = ready_draft(cast)
    response = api_for(cast.author).post(
        "/api/contributors/",
        {"submission": draft.pk, "given_names": "P", "family_name": "Q", "orcid": "0000-0002-1825-0096"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["orcid"]
    assert "check digit" in response.json()["orcid"][0]
    assert draft.contributors.count() == 1


@pytest.mark.parametrize(
    ("content", "name", "limit", "expected"),
    [
        (b"%!PS-Adobe-3.0 not a pdf", "paper.pdf", None, "judged by its content"),
        (make_pdf(), "paper.pdf", 64, "the largest file accepted is 64"),
    ],
    ids=["wrong-type", "oversize"],
)
def test_a_wrong_or_oversized_file_is_a_400_on_the_file_field(
    cast, settings, media_root, content, name, limit, expected
):
    draft = ready_draft(cast)
    if limit:
        settings.MANUSCRIPT_MAX_BYTES = limit
    response = api_for(cast.author).post(
        "/api/files/", {"submission": draft.pk, "kind": "manuscript", "file": upload(content, name)}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert expected in response.json()["file"][0]
    assert ManuscriptFile.objects.filter(submission=draft).count() == 1


def test_submitting_without_a_corresponding_author_is_a_400_naming_the_contributors(cast):
    draft = ready_draft(cast)
    Contributor.objects.filter(submission=draft).update(is_corresponding=False)
    response = api_for(cast.author).post(f"/api/submissions/{draft.pk}/submit/")
    assert response.status_code == 400
    assert response.json() == {"contributors": ["Mark one author as the corresponding author."]}
    assert Submission.objects.get(pk=draft.pk).state == State.DRAFT


def test_a_patch_with_a_bad_value_saves_none_of_the_other_fields(cast):
    draft = ready_draft(cast, title="Kept")
    response = api_for(cast.author).patch(
        f"/api/submissions/{draft.pk}/",
        {"title": "Changed", "language": "ru", "originality_declared": False},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"title_en", "abstract_en"}
    draft.refresh_from_db()
    assert (draft.title, draft.language, draft.originality_declared) == ("Kept", "en", True)


def test_a_decision_of_an_unknown_kind_is_a_400(cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    response = api_for(cast.managing_editor).post(
        f"/api/submissions/{submission.pk}/decide/", {"decision": "perhaps"}, format="json"
    )
    assert response.status_code == 400
    assert "decision" in response.json()


# --- Every illegal transition: 409 with the current state, nothing changed -----------------------------------

# Each workflow action, the state it moves to, who takes it, and what they send.
ACTIONS = {
    "submit": (State.SUBMITTED, "author", lambda: {}),
    "send_to_review": (State.UNDER_REVIEW, "managing_editor", lambda: {"outcome": "send_to_review"}),
    "desk_reject": (State.DESK_REJECTED, "managing_editor", lambda: {"outcome": "desk_reject", "letter": "No."}),
    "accept": (State.ACCEPTED, "managing_editor", lambda: {"decision": "accept"}),
    "minor_revision": (State.REVISION_REQUESTED, "managing_editor", lambda: {"decision": "minor_revision"}),
    "major_revision": (State.REVISION_REQUESTED, "managing_editor", lambda: {"decision": "major_revision"}),
    "reject": (State.REJECTED, "managing_editor", lambda: {"decision": "reject"}),
    "withdraw": (State.WITHDRAWN, "author", lambda: {}),
    "revise": (
        State.RESUBMITTED,
        "author",
        lambda: {"manuscript": upload(make_pdf()), "response_to_reviewers": "Done."},
    ),
}
ENDPOINT = {
    "submit": "submit",
    "send_to_review": "screen",
    "desk_reject": "screen",
    "accept": "decide",
    "minor_revision": "decide",
    "major_revision": "decide",
    "reject": "decide",
    "withdraw": "withdraw",
    "revise": "revise",
}

# Editors never see drafts (the draft is the author's alone): their actions on one are a 404, not a
# 409, and are covered by the permission matrix.
ILLEGAL = [
    (state, name)
    for state in State.values
    for name, (target, actor, _) in ACTIONS.items()
    if target not in TRANSITIONS[state] and not (state == State.DRAFT and actor != "author")
]


def test_the_illegal_moves_cover_every_state():
    assert {state for state, _ in ILLEGAL} == set(State.values)
    assert len(ILLEGAL) > 60


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_an_illegal_transition_is_a_409_with_the_current_state_and_changes_nothing(cast, media_root, state, action):
    submission = submission_in(cast, state)
    _, actor, payload = ACTIONS[action]
    counts = (Event.objects.count(), Decision.objects.count(), OutgoingEmail.objects.count())
    body = payload()
    response = api_for(getattr(cast, actor)).post(
        f"/api/submissions/{submission.pk}/{ENDPOINT[action]}/",
        body,
        format="multipart" if action == "revise" else "json",
    )
    assert response.status_code == 409, response.json()
    assert response.json()["current_state"] == state
    assert "cannot become" in response.json()["detail"]
    submission.refresh_from_db()
    assert submission.state == state
    assert (Event.objects.count(), Decision.objects.count(), OutgoingEmail.objects.count()) == counts
