"""Who may do what: every page and endpoint of the workflow against ten kinds of visitor.

anonymous, the author, another author, a reviewer of the submission, a reviewer of another
submission of the same journal, an editor of another journal, the handling (section) editor, the
journal's managing editor, a staff user with no journal role, and an editor of the journal who
submitted the manuscript. tests/test_permissions_staff_and_own_manuscript.py puts the last two (and
an editor listed as a contributor) to the DOI deposit, reference check and import routes. A
submission the visitor may not see is a 404 (its existence is not revealed); one they may see but
not act on is a 403; anonymous visitors are sent to sign in (HTML) or answered 401 (API). A refused
request changes nothing. A reviewer reaches a submission only through the reviewer's pages and
endpoints (``/review/``, ``/api/reviewer/``): the author's and the editor's addresses of it are a
404 for them."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Event
from editorial.workflow import State
from tests.support.api import api_for
from tests.support.factories import UserFactory
from tests.support.permissions import TREATED_AS, Case, extra_visitor, send_request
from tests.support.review_fixtures import _reviewer, accepted
from tests.support.workflow_fixtures import PATHS, _review, make_pdf, ready_draft, submission_in, upload

ROLES = [
    "anonymous",
    "author",
    "other_author",
    "reviewer",
    "other_reviewer",
    "other_editor",
    "handling_editor",
    "managing_editor",
    "staff",
    "submitting_editor",
]
EDITORS = ("handling_editor", "managing_editor")
REVIEWERS = ("reviewer", "other_reviewer")


def _due():
    return (timezone.localdate() + timedelta(days=20)).isoformat()


def _all(status):
    return dict.fromkeys(ROLES[1:], status)


def _editors(status):
    return dict.fromkeys(EDITORS, status)


HTML_CASES = [
    Case("author dashboard", None, lambda c, s: ("get", reverse("author-dashboard"), None, None), _all(200)),
    Case("start a submission", None, lambda c, s: ("get", reverse("submission-start"), None, None), _all(200)),
    Case(
        "draft step",
        State.DRAFT,
        lambda c, s: ("get", reverse("draft-step", args=[s.pk, "details"]), None, None),
        {"author": 200},
    ),
    Case(
        "submit the draft",
        State.DRAFT,
        lambda c, s: ("post", reverse("draft-step", args=[s.pk, "submit"]), {}, None),
        {"author": 302},
    ),
    Case(
        "author's submission page",
        State.SUBMITTED,
        lambda c, s: ("get", reverse("author-submission", args=[s.pk]), None, None),
        {"author": 200},
    ),
    Case(
        "revision form",
        State.REVISION_REQUESTED,
        lambda c, s: ("get", reverse("submission-revise", args=[s.pk]), None, None),
        {"author": 200},
    ),
    Case(
        "withdraw",
        State.SUBMITTED,
        lambda c, s: ("post", reverse("submission-withdraw", args=[s.pk]), {"reason": "x"}, None),
        {"author": 302},
    ),
    Case(
        "file download",
        State.SUBMITTED,
        lambda c, s: ("get", reverse("file-download", args=[s.files.get().pk]), None, None),
        {"author": 200, **_editors(200)},
    ),
    Case(
        "editor dashboard",
        None,
        lambda c, s: ("get", reverse("editor-dashboard"), None, None),
        {"other_editor": 200, **_editors(200)},
        refused=403,
    ),
    # Issue 17: the system status is for site admins and managing editors (of any journal; each sees
    # only their own journals' rows: tests/operations/test_status_and_banner.py)
    Case(
        "system status",
        None,
        lambda c, s: ("get", reverse("system-status"), None, None),
        {"other_editor": 200, "managing_editor": 200},
        refused=403,
    ),
    Case(
        "editor's submission page",
        State.SUBMITTED,
        lambda c, s: ("get", reverse("editor-submission", args=[s.pk]), None, None),
        _editors(200),
    ),
    Case(
        "assign the handling editor",
        State.SUBMITTED,
        lambda c, s: ("post", reverse("editor-assign", args=[s.pk]), {"editor": c.managing_editor.person.pk}, None),
        {"managing_editor": 302},
        refused_by_role={"handling_editor": 403},
    ),
    Case(
        "send to review",
        State.SUBMITTED,
        lambda c, s: ("post", reverse("editor-send-to-review", args=[s.pk]), {}, None),
        _editors(302),
    ),
    Case(
        "desk rejection page",
        State.SUBMITTED,
        lambda c, s: ("get", reverse("editor-desk-reject", args=[s.pk]), None, None),
        _editors(200),
    ),
    Case(
        "decision page",
        State.UNDER_REVIEW,
        lambda c, s: ("get", reverse("editor-decide", args=[s.pk]), {"decision": "reject"}, None),
        _editors(200),
    ),
    Case(
        "record a decision",
        State.UNDER_REVIEW,
        lambda c, s: (
            "post",
            reverse("editor-decide", args=[s.pk]),
            {"decision": "accept", "subject": "Accepted", "letter": "Dear author, accepted."},
            None,
        ),
        _editors(302),
    ),
    Case(
        "set the due date",
        State.REVISION_REQUESTED,
        lambda c, s: ("post", reverse("editor-due-date", args=[s.pk]), {"revision_due": _due()}, None),
        _editors(302),
    ),
    Case(
        "reopen",
        State.REJECTED,
        lambda c, s: ("post", reverse("editor-reopen", args=[s.pk]), {"note": "appeal"}, None),
        _editors(302),
    ),
    Case(
        "internal note",
        State.SUBMITTED,
        lambda c, s: ("post", reverse("editor-note", args=[s.pk]), {"text": "A note"}, None),
        _editors(302),
    ),
]

# A JATS article for the cast's journal (found by its ISSN); managing editors may import it.
MINIMAL_JATS = (
    b'<article xml:lang="en"><front><journal-meta><issn>2076-7404</issn></journal-meta><article-meta>'
    b"<title-group><article-title>Imported</article-title></title-group></article-meta></front></article>"
)

AUTHOR_ONLY_BUT_VISIBLE_TO_EDITORS = {"handling_editor": 403, "managing_editor": 403}
EDITOR_ACTION_SEEN_BY_AUTHOR = {"author": 403}


def _api(path):
    return lambda c, s: ("post", path.format(id=s.pk), {}, "json")


API_CASES = [
    Case("list submissions", None, lambda c, s: ("get", "/api/submissions/", None, None), _all(200)),
    Case(
        "a submission",
        State.SUBMITTED,
        lambda c, s: ("get", f"/api/submissions/{s.pk}/", None, None),
        {"author": 200, **_editors(200)},
    ),
    Case(
        "edit a draft",
        State.DRAFT,
        lambda c, s: ("patch", f"/api/submissions/{s.pk}/", {"title": "New title"}, "json"),
        {"author": 200},
    ),
    Case("submit", State.DRAFT, _api("/api/submissions/{id}/submit/"), {"author": 200}),
    Case(
        "withdraw",
        State.SUBMITTED,
        _api("/api/submissions/{id}/withdraw/"),
        {"author": 200},
        refused_by_role=AUTHOR_ONLY_BUT_VISIBLE_TO_EDITORS,
    ),
    Case(
        "assign the handling editor",
        State.SUBMITTED,
        lambda c, s: (
            "post",
            f"/api/submissions/{s.pk}/assign-editor/",
            {"editor": c.managing_editor.person.pk},
            "json",
        ),
        {"managing_editor": 200},
        refused_by_role={"author": 403, "handling_editor": 403},
    ),
    Case(
        "screen",
        State.SUBMITTED,
        lambda c, s: ("post", f"/api/submissions/{s.pk}/screen/", {"outcome": "send_to_review"}, "json"),
        _editors(200),
        refused_by_role=EDITOR_ACTION_SEEN_BY_AUTHOR,
    ),
    Case(
        "decide",
        State.UNDER_REVIEW,
        lambda c, s: ("post", f"/api/submissions/{s.pk}/decide/", {"decision": "reject"}, "json"),
        _editors(200),
        refused_by_role=EDITOR_ACTION_SEEN_BY_AUTHOR,
    ),
    Case(
        "draft a letter",
        State.UNDER_REVIEW,
        lambda c, s: ("get", f"/api/submissions/{s.pk}/letter-draft/", {"decision": "accept"}, None),
        _editors(200),
        refused_by_role=EDITOR_ACTION_SEEN_BY_AUTHOR,
    ),
    Case(
        "set the due date",
        State.REVISION_REQUESTED,
        lambda c, s: ("post", f"/api/submissions/{s.pk}/revision-due/", {"revision_due": _due()}, "json"),
        _editors(200),
        refused_by_role=EDITOR_ACTION_SEEN_BY_AUTHOR,
    ),
    Case(
        "reopen",
        State.REJECTED,
        _api("/api/submissions/{id}/reopen/"),
        _editors(200),
        refused_by_role=EDITOR_ACTION_SEEN_BY_AUTHOR,
    ),
    Case(
        "internal note",
        State.SUBMITTED,
        lambda c, s: ("post", f"/api/submissions/{s.pk}/notes/", {"text": "Hmm."}, "json"),
        _editors(201),
        refused_by_role=EDITOR_ACTION_SEEN_BY_AUTHOR,
    ),
    Case(
        "replace references",
        State.DRAFT,
        lambda c, s: ("put", f"/api/submissions/{s.pk}/references/", {"text": "1. A.\n2. B."}, "json"),
        {"author": 200},
    ),
    Case(
        "reorder authors",
        State.DRAFT,
        lambda c, s: (
            "post",
            f"/api/submissions/{s.pk}/reorder-contributors/",
            {"order": [s.contributors.get().pk]},
            "json",
        ),
        {"author": 200},
    ),
    Case(
        "revise",
        State.REVISION_REQUESTED,
        lambda c, s: (
            "post",
            f"/api/submissions/{s.pk}/revise/",
            {"manuscript": upload(make_pdf()), "response_to_reviewers": "Done."},
            "multipart",
        ),
        {"author": 200},
        refused_by_role=AUTHOR_ONLY_BUT_VISIBLE_TO_EDITORS,
    ),
    Case(
        "add an author",
        State.DRAFT,
        lambda c, s: (
            "post",
            "/api/contributors/",
            {"submission": s.pk, "given_names": "A", "family_name": "B"},
            "json",
        ),
        {"author": 201},
        refused=400,
    ),
    Case(
        "edit an author",
        State.DRAFT,
        lambda c, s: ("patch", f"/api/contributors/{s.contributors.get().pk}/", {"bio": "Lecturer"}, "json"),
        {"author": 200},
    ),
    Case(
        "remove an author",
        State.DRAFT,
        lambda c, s: ("delete", f"/api/contributors/{s.contributors.get().pk}/", None, None),
        {"author": 204},
    ),
    Case(
        "upload a file",
        State.DRAFT,
        lambda c, s: (
            "post",
            "/api/files/",
            {"submission": s.pk, "kind": "supplement", "file": upload(make_pdf())},
            "multipart",
        ),
        {"author": 201},
        refused=400,
    ),
    Case(
        "remove a file",
        State.DRAFT,
        lambda c, s: ("delete", f"/api/files/{s.files.get().pk}/", None, None),
        {"author": 204},
    ),
    Case(
        "download a file",
        State.SUBMITTED,
        lambda c, s: ("get", f"/api/files/{s.files.get().pk}/download/", None, None),
        {"author": 200, **_editors(200)},
    ),
    Case(
        "import a JATS file",
        None,
        lambda c, s: ("post", "/api/jats-imports/", {"file": upload(MINIMAL_JATS, "article.xml")}, "multipart"),
        {"managing_editor": 201},
        refused=403,
    ),
]


# --- Peer review: none of the six visitors is the invited reviewer, so every reviewer address is a 404
# for them; the editors' review actions are the submission's editors' alone. (The one-click invitation
# links need no sign-in and are tested in tests/test_review_pages.py.)


def _assignment(c, s, *, submitted=False):
    from editorial.models import Person
    from editorial.review.services import reviews
    from tests.support.review_fixtures import full_review

    user = UserFactory(username="matrix-reviewer")
    person = Person.objects.create(user=user, given_names="Matrix", family_name="Reviewer", email="m@example.net")
    assignment = reviews.invite_reviewer(user=c.managing_editor, submission_id=s.pk, person_id=person.pk)
    if submitted:
        reviews.accept_invitation(user=user, assignment_id=assignment.pk)
        attachment = upload(make_pdf("Notes"), "notes.pdf")
        reviews.submit_review(user=user, assignment_id=assignment.pk, data=full_review(attachment=attachment))
    return assignment


def _review_url(name, *, submitted=False):
    return lambda c, s: reverse(name, args=[s.pk, _assignment(c, s, submitted=submitted).pk])


HTML_CASES += [
    Case("reviewer dashboard", None, lambda c, s: ("get", reverse("reviewer-dashboard"), None, None), _all(200)),
    Case(
        "review page",
        State.UNDER_REVIEW,
        lambda c, s: ("get", reverse("reviewer-assignment", args=[_assignment(c, s).pk]), None, None),
        {},
    ),
    Case(
        "answer an invitation",
        State.UNDER_REVIEW,
        lambda c, s: ("post", reverse("reviewer-respond", args=[_assignment(c, s).pk]), {"answer": "accept"}, None),
        {},
    ),
    Case(
        "reviewer's file download",
        State.UNDER_REVIEW,
        lambda c, s: ("get", reverse("reviewer-file", args=[_assignment(c, s).pk, s.files.get().pk]), None, None),
        {},
    ),
    Case(
        "review attachment",
        State.UNDER_REVIEW,
        lambda c, s: ("get", reverse("review-attachment", args=[_assignment(c, s, submitted=True).pk]), None, None),
        _editors(200),
    ),
    Case(
        "invite a reviewer",
        State.UNDER_REVIEW,
        lambda c, s: (
            "post",
            reverse("editor-review-invite", args=[s.pk]),
            {"email": "n@example.org", "family_name": "N"},
            None,
        ),
        _editors(302),
    ),
    Case(
        "re-invite the last round's reviewers",
        State.UNDER_REVIEW,
        lambda c, s: ("post", reverse("editor-review-reinvite", args=[s.pk]), {}, None),
        _editors(302),
    ),
    Case(
        "blind mode",
        State.UNDER_REVIEW,
        lambda c, s: ("post", reverse("editor-review-blind-mode", args=[s.pk]), {"blind_mode": "open"}, None),
        _editors(302),
    ),
    Case(
        "cancel a review",
        State.UNDER_REVIEW,
        lambda c, s: ("post", _review_url("editor-review-cancel")(c, s), {}, None),
        _editors(302),
    ),
    Case(
        "extend a review",
        State.UNDER_REVIEW,
        lambda c, s: ("post", _review_url("editor-review-extend")(c, s), {"due_date": _due()}, None),
        _editors(302),
    ),
    Case(
        "reassign a review",
        State.UNDER_REVIEW,
        lambda c, s: (
            "post",
            _review_url("editor-review-reassign")(c, s),
            {"email": "r@example.org", "family_name": "R"},
            None,
        ),
        _editors(302),
    ),
    Case(
        "rate a review",
        State.UNDER_REVIEW,
        lambda c, s: ("post", _review_url("editor-review-rate", submitted=True)(c, s), {"rating": "4"}, None),
        _editors(302),
    ),
]

API_CASES += [
    Case("reviewer's assignments", None, lambda c, s: ("get", "/api/reviewer/assignments/", None, None), _all(200)),
    Case(
        "accept an invitation",
        State.UNDER_REVIEW,
        lambda c, s: ("post", f"/api/reviewer/assignments/{_assignment(c, s).pk}/accept/", {}, "json"),
        {},
    ),
    Case(
        "decline an invitation",
        State.UNDER_REVIEW,
        lambda c, s: ("post", f"/api/reviewer/assignments/{_assignment(c, s).pk}/decline/", {"reason": "x"}, "json"),
        {},
    ),
    Case(
        "save a review",
        State.UNDER_REVIEW,
        lambda c, s: (
            "patch",
            f"/api/reviewer/assignments/{_assignment(c, s).pk}/review/",
            {"comments_to_author": "x"},
            "json",
        ),
        {},
    ),
    Case(
        "submit a review",
        State.UNDER_REVIEW,
        lambda c, s: ("post", f"/api/reviewer/assignments/{_assignment(c, s).pk}/submit/", {}, "json"),
        {},
    ),
    Case("review assignments", None, lambda c, s: ("get", "/api/review-assignments/", None, None), _all(200)),
    Case(
        "invite a reviewer",
        State.UNDER_REVIEW,
        lambda c, s: (
            "post",
            "/api/review-assignments/",
            {"submission": s.pk, "email": "n@example.org", "family_name": "N"},
            "json",
        ),
        _editors(201),
        refused_by_role=EDITOR_ACTION_SEEN_BY_AUTHOR,
    ),
    Case(
        "cancel a review",
        State.UNDER_REVIEW,
        lambda c, s: ("post", f"/api/review-assignments/{_assignment(c, s).pk}/cancel/", {}, "json"),
        _editors(200),
    ),
    Case(
        "extend a review",
        State.UNDER_REVIEW,
        lambda c, s: ("post", f"/api/review-assignments/{_assignment(c, s).pk}/extend/", {"due_date": _due()}, "json"),
        _editors(200),
    ),
    Case(
        "a reviewer's own assignment",
        State.UNDER_REVIEW,
        lambda c, s: ("get", f"/api/reviewer/assignments/{_own_assignment(c, s).pk}/", None, None),
        {"reviewer": 200},
    ),
    Case(
        "a manuscript file through the reviewer's assignment",
        State.UNDER_REVIEW,
        lambda c, s: (
            "get",
            f"/api/reviewer/assignments/{_own_assignment(c, s).pk}/files/{s.files.get().pk}/",
            None,
            None,
        ),
        {"reviewer": 200},
    ),
    Case(
        "an assignment, as its editor reads it",
        State.UNDER_REVIEW,
        lambda c, s: ("get", f"/api/review-assignments/{_own_assignment(c, s).pk}/", None, None),
        _editors(200),
    ),
    Case(
        "reassign a review",
        State.UNDER_REVIEW,
        lambda c, s: (
            "post",
            f"/api/review-assignments/{_own_assignment(c, s).pk}/reassign/",
            {"email": "r@example.org", "family_name": "R"},
            "json",
        ),
        _editors(201),
    ),
    Case(
        "re-invite the last round's reviewers",
        State.UNDER_REVIEW,
        lambda c, s: ("post", "/api/review-assignments/reinvite/", {"submission": _second_round(c, s).pk}, "json"),
        _editors(201),
        refused_by_role=EDITOR_ACTION_SEEN_BY_AUTHOR,
    ),
    Case(
        "rate a review",
        State.UNDER_REVIEW,
        lambda c, s: (
            "post",
            f"/api/review-assignments/{_assignment(c, s, submitted=True).pk}/rate/",
            {"rating": 4},
            "json",
        ),
        _editors(200),
    ),
]


# --- The two reviewers ---------------------------------------------------------------------------------------


def _the_reviewer(cast):
    """The journal's reviewer "reviewer" (made once per test)."""
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username="reviewer").first()
    return found or _reviewer(cast.journal, "reviewer", "Rita", "Reviewer", affiliation="University of Elsewhere")


def _reviewed_by(cast, state, reviewer):
    """A submission brought to ``state`` as ``submission_in`` does, with ``reviewer`` invited and accepted
    as soon as it goes to review (drafts and submissions not yet sent to review have no reviewer)."""
    submission = ready_draft(cast)
    for step in PATHS[state]:
        step(cast, submission)
        if step is _review:
            accepted(cast, submission, reviewer)
    submission.refresh_from_db()
    assert submission.state == state
    return submission


def _own_assignment(c, s):
    """The assignment of "reviewer" on the submission: theirs when they are the visitor, and made (invited
    and accepted) for the other visitors, who must not reach it."""
    from editorial.models import ReviewAssignment

    reviewer = _the_reviewer(c)
    mine = ReviewAssignment.objects.filter(submission=s, reviewer=reviewer.person).first()
    return mine or accepted(c, s, reviewer)


def _second_round(c, s):
    """The submission back under review after a revision, "reviewer" having reported in the first round."""
    from editorial.review.services import reviews
    from editorial.submissions.services import decisions
    from editorial.submissions.services.submissions import submit_revision
    from tests.support.review_fixtures import full_review

    assignment = _own_assignment(c, s)
    reviews.submit_review(user=_the_reviewer(c), assignment_id=assignment.pk, data=full_review())
    decisions.record_decision(user=c.managing_editor, submission_id=s.pk, kind="minor_revision")
    submit_revision(
        user=c.author, submission_id=s.pk, manuscript=upload(make_pdf("Revised")), response_to_reviewers="Done."
    )
    decisions.send_to_review(user=c.managing_editor, submission_id=s.pk)
    s.refresh_from_db()
    return s


def visitor_and_submission(cast, role: str, state: str | None):
    """The visitor for ``role`` and the case's submission (``None`` when the case needs none).

    ``reviewer`` has accepted to review the submission; ``other_reviewer`` reviews another submission
    of the same journal."""
    if role == "reviewer":
        reviewer = _the_reviewer(cast)
        return reviewer, (_reviewed_by(cast, state, reviewer) if state else None)
    submission = submission_in(cast, state) if state else None
    if role == "other_reviewer":
        other = _reviewer(cast.journal, "reviewer2", "Victor", "Second", expertise="alliances; hedging")
        accepted(cast, submission_in(cast, State.UNDER_REVIEW, title="Another manuscript"), other)
        return other, submission
    if role in TREATED_AS:
        return extra_visitor(cast, role), submission
    return cast.user(role), submission


def _changes(submission) -> tuple:
    if submission is None:
        return ()
    submission.refresh_from_db()
    return (submission.state, submission.handling_editor_id, Event.objects.filter(submission=submission).count())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", HTML_CASES, ids=[case.name for case in HTML_CASES])
def test_html_page_permissions(client, cast, case, role):
    user, submission = visitor_and_submission(cast, role, case.state)
    if user is not None:
        client.force_login(user)
    method, url, data, _ = case.request(cast, submission)
    before = _changes(submission)
    response = client.get(url, data or {}) if method == "get" else client.post(url, data)
    expected = case.expected(role, api=False)
    assert response.status_code == expected, (case.name, role)
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")
    if expected >= 400:
        assert _changes(submission) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", API_CASES, ids=[case.name for case in API_CASES])
def test_api_endpoint_permissions(cast, case, role):
    outcome = _api_outcome(cast, case, role)
    assert outcome.status == outcome.expected, (case.name, role, outcome.detail)
    assert outcome.changes_after == outcome.changes_before, "a refused request changed nothing"


@dataclass
class ApiOutcome:
    status: int
    expected: int
    detail: object
    changes_before: object
    changes_after: object  # equal to changes_before unless the request was allowed to change things


def _api_outcome(cast, case: Case, role: str) -> ApiOutcome:
    """Send the case's request as ``role``; what came back, what was expected, what changed."""
    user, submission = visitor_and_submission(cast, role, case.state)
    method, url, data, format_ = case.request(cast, submission)
    before = _changes(submission)
    response = send_request(api_for(user), method, url, data, format_)
    expected = case.expected(role, api=True)
    after = _changes(submission) if expected >= 400 else before
    return ApiOutcome(response.status_code, expected, getattr(response, "data", None), before, after)


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("author", ["mine", "unassigned"]),
        ("other_author", []),
        ("other_editor", []),
        ("handling_editor", ["mine"]),
        ("managing_editor", ["mine", "unassigned"]),
    ],
)
def test_lists_show_each_visitor_only_what_they_may_see(cast, role, sees):
    assigned = submission_in(cast, State.SUBMITTED, title="mine")
    unassigned = submission_in(cast, State.DRAFT, title="unassigned")
    from editorial.submissions.services.submissions import submit_submission

    submit_submission(user=cast.author, submission_id=unassigned.pk)
    client = api_for(cast.user(role))
    titles = sorted(item["title"] for item in client.get("/api/submissions/").json()["results"])
    assert titles == sorted(sees)
    for endpoint in ("/api/contributors/", "/api/files/", "/api/events/"):
        ids = {item["submission"] for item in client.get(endpoint).json()["results"]}
        expected_ids = {s.pk for s in (assigned, unassigned) if s.title in sees}
        assert ids == expected_ids, endpoint


@pytest.mark.parametrize("role", REVIEWERS)
def test_reviewers_find_no_submission_in_the_authors_and_editors_lists(cast, role):
    """A reviewer reaches the manuscript through /api/reviewer/ only; the workflow's lists stay empty."""
    user, submission = visitor_and_submission(cast, role, State.UNDER_REVIEW)
    client = api_for(user)
    for endpoint in ("/api/submissions/", "/api/contributors/", "/api/files/", "/api/events/", "/api/references/"):
        response = client.get(endpoint)
        assert response.status_code == 200, endpoint
        assert response.json()["results"] == [], endpoint
    reviewing = client.get("/api/reviewer/assignments/").json()["results"]
    assert len(reviewing) == 1
    assert (reviewing[0]["submission"]["id"] == submission.pk) == (role == "reviewer")


def test_authors_never_see_internal_notes(cast):
    submission = submission_in(cast, State.SUBMITTED)
    api_for(cast.managing_editor).post(f"/api/submissions/{submission.pk}/notes/", {"text": "Secret"}, format="json")
    events = api_for(cast.author).get("/api/events/", {"submission": submission.pk}).json()["results"]
    assert events
    assert all(event["action"] != "note" and "Secret" not in event["note"] for event in events)


def test_editors_never_see_drafts(cast):
    draft = submission_in(cast, State.DRAFT)
    for role in ("managing_editor", "handling_editor"):
        assert api_for(cast.user(role)).get(f"/api/submissions/{draft.pk}/").status_code == 404


# --- Every route has an entry (issue 10) --------------------------------------------------------------
# The routes come from the URL resolver; each must be in the matrix above, be public, or name the test
# file that checks who may use it. A new route without an entry fails here.

# Open to anyone by design (the public site, signing in, the API's schema and token endpoints).
PUBLIC_ROUTES = {
    ("html", name)
    for name in (
        "home",
        "healthz",
        "readyz",
        "search",
        "doi",
        "journal-home",
        "issue-archive",
        "issue",
        "journal-search",
        "article",
        "article-citation",
        "galley-download",
        "article-canonical",
        "article-preview",
        "preview-galley",
        "login",
        "logout",
        "editorial-home",
        # accounts (allauth): what a stranger or a person who cannot sign in uses; signed-in visitors are
        # sent on (tests/accounts/test_account_permissions.py puts each to both)
        "account_login",
        "account_logout",
        "account_signup",
        "account_email_verification_sent",
        "account_confirm_email",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_inactive",
        "account_confirm_login_code",
        # the public site's machine-readable forms and feeds
        "article-jats",
        "article-version",
        "journal-atom",
        "oai",
        "robots",
        "sitemap",
    )
} | {("api", "api-schema", "GET"), ("api", "api-docs", "GET"), ("api", "api-token", "POST"), ("api", "api-root", "GET")}

# Routes whose permissions are checked in another test file, and which file.
COVERED_ELSEWHERE = {
    ("html", "reference-check-report"): "tests/references/test_reference_check_pages.py",
    ("html", "reference-check-run"): "tests/references/test_reference_check_pages.py",
    ("html", "reference-check-apply"): "tests/references/test_reference_check_pages.py",
    **dict.fromkeys(
        [
            ("api", "reference-check-list", "GET"),
            ("api", "reference-check-list", "POST"),
            ("api", "reference-check-latest", "GET"),
            ("api", "reference-check-detail", "GET"),
            ("api", "reference-check-apply-suggestion", "POST"),
        ],
        "tests/references/test_reference_check_api.py",
    ),
    **dict.fromkeys(
        [
            ("api", "doi-registration-list", "GET"),
            ("api", "doi-registration-detail", "GET"),
            ("api", "doi-registration-deposit", "POST"),
            ("api", "doi-registration-deposit-again", "POST"),
        ],
        "tests/deposits/test_deposit_views.py",
    ),
    # Signed one-click links: no sign-in, the signature is the permission.
    ("html", "review-invitation-accept"): "tests/review/test_review_pages.py",
    ("html", "review-invitation-decline"): "tests/review/test_review_pages.py",
    ("api", "reviewer-assignment-review", "GET"): "tests/review/test_review_pages.py",
    # Production has its own matrix (eight visitors: the six here, the copyeditor and the typesetter).
    **dict.fromkeys(
        [
            ("html", "production-page"),
            ("html", "production-step"),
            ("api", "production-detail", "GET"),
            ("api", "production-copyeditor", "POST"),
            ("api", "production-copyedit-upload", "POST"),
            ("api", "production-copyedit-review", "POST"),
            ("api", "production-galleys", "POST"),
            ("api", "production-galley-approval", "POST"),
            ("api", "production-proofs", "POST"),
            ("api", "production-proofs-answer", "POST"),
            ("api", "production-record", "PUT"),
            ("api", "production-publish", "POST"),
            ("api", "production-correct", "POST"),
            ("api", "production-retract", "POST"),
            ("api", "production-unschedule", "POST"),
        ],
        "tests/production/test_production_permissions.py",
    ),
    ("html", "production-file"): "tests/production/test_production_pages.py",
    ("html", "production-galley"): "tests/production/test_production_pages.py",
    ("html", "editor-review-reviewer-copy"): "tests/review/test_reviewer_copy.py",
    # A signed-in person's own account: anonymous visitors are sent to sign in, everyone else sees their own.
    **dict.fromkeys(
        [
            ("html", "account_email"),
            ("html", "account_change_password"),
            ("html", "account_set_password"),
            ("html", "account_reauthenticate"),
            ("html", "mfa_index"),
            ("html", "mfa_authenticate"),
            ("html", "mfa_reauthenticate"),
            ("html", "mfa_activate_totp"),
            ("html", "mfa_deactivate_totp"),
            ("html", "mfa_view_recovery_codes"),
            ("html", "mfa_generate_recovery_codes"),
            ("html", "mfa_download_recovery_codes"),
        ],
        "tests/accounts/test_account_permissions.py",
    ),
}

# Routes that still lack a role-by-role permission test: listed so that each is a known gap, not an
# oversight (the matrix or its own module should take each of them over). Empty: keep it so.
AWAITING_PERMISSION_TESTS: dict[tuple[str, ...], str] = {}


def test_every_route_is_in_the_matrix_public_or_covered_elsewhere(cast):
    from pathlib import Path

    from django.db import transaction

    from tests.support.route_inventory import all_routes, routes_exercised

    states = {case.state for case in [*HTML_CASES, *API_CASES, *READ_API_CASES] if case.state}
    submissions = {state: submission_in(cast, state, title=f"Route {state}") for state in states}
    requests = []
    for case in [*HTML_CASES, *API_CASES, *READ_API_CASES]:
        # Some cases make rows to point at (a review assignment); only the address is wanted here.
        with transaction.atomic():
            method, url, _, _ = case.request(cast, submissions.get(case.state))
            transaction.set_rollback(True)
        requests.append((method, url))
    in_matrix = routes_exercised(requests)

    missing = all_routes() - in_matrix - PUBLIC_ROUTES - set(COVERED_ELSEWHERE) - set(AWAITING_PERMISSION_TESTS)
    stale = (set(COVERED_ELSEWHERE) | set(AWAITING_PERMISSION_TESTS) | PUBLIC_ROUTES) - all_routes()

    assert missing == set(), f"routes with no permission entry: {sorted(missing)}"
    assert not (in_matrix & PUBLIC_ROUTES), "a route is both in the matrix and public"
    assert stale == set(), f"entries for routes that no longer exist: {sorted(stale)}"
    project = Path(__file__).resolve().parents[2]
    assert [name for name in set(COVERED_ELSEWHERE.values()) if not (project / name).is_file()] == []
    assert not (in_matrix & set(AWAITING_PERMISSION_TESTS)), "a route now in the matrix is still listed as awaiting"


def test_the_route_check_sees_a_route_added_without_an_entry(cast, settings):
    """The check above can fail: a route added to the URL configuration shows up as missing."""
    from django.urls import clear_url_caches, path

    import journal.urls
    from tests.support.route_inventory import all_routes

    def extra(request):
        raise AssertionError("never called")

    original = list(journal.urls.urlpatterns)
    journal.urls.urlpatterns.insert(0, path("editorial/secret-extra/", extra, name="secret-extra"))
    clear_url_caches()
    try:
        assert ("html", "secret-extra") in all_routes()
    finally:
        journal.urls.urlpatterns[:] = original
        clear_url_caches()
    assert ("html", "secret-extra") not in all_routes()


def _a_reference(submission):
    """The submission's first reference (one is made for it: the workflow's drafts have none)."""
    from tests.support.factories import ReferenceFactory

    return submission.references.first() or ReferenceFactory(submission=submission, position=1)


# Reads and edits through the API that the cases above do not make.
READ_API_CASES = [
    Case(
        "start a submission",
        None,
        lambda c, s: ("post", "/api/submissions/", {"journal": c.journal.pk}, "json"),
        _all(201),
    ),
    Case("list authors", None, lambda c, s: ("get", "/api/contributors/", None, None), _all(200)),
    Case(
        "an author",
        State.SUBMITTED,
        lambda c, s: ("get", f"/api/contributors/{s.contributors.get().pk}/", None, None),
        {"author": 200, **_editors(200)},
    ),
    Case(
        "replace an author",
        State.DRAFT,
        lambda c, s: (
            "put",
            f"/api/contributors/{s.contributors.get().pk}/",
            {"submission": s.pk, "given_names": "Anna", "family_name": "Testova"},
            "json",
        ),
        {"author": 200},
    ),
    Case("list files", None, lambda c, s: ("get", "/api/files/", None, None), _all(200)),
    Case(
        "a file",
        State.SUBMITTED,
        lambda c, s: ("get", f"/api/files/{s.files.get().pk}/", None, None),
        {"author": 200, **_editors(200)},
    ),
    Case("list references", None, lambda c, s: ("get", "/api/references/", None, None), _all(200)),
    Case(
        "a reference",
        State.SUBMITTED,
        lambda c, s: ("get", f"/api/references/{_a_reference(s).pk}/", None, None),
        {"author": 200, **_editors(200)},
    ),
    Case("list events", None, lambda c, s: ("get", "/api/events/", None, None), _all(200)),
    Case(
        "an event",
        State.SUBMITTED,
        lambda c, s: ("get", f"/api/events/{s.events.order_by('pk').first().pk}/", None, None),
        {"author": 200, **_editors(200)},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", READ_API_CASES, ids=[case.name for case in READ_API_CASES])
def test_api_read_and_edit_permissions(cast, case, role):
    outcome = _api_outcome(cast, case, role)
    assert outcome.status == outcome.expected, (case.name, role, outcome.detail)
    assert outcome.changes_after == outcome.changes_before, "a refused request changed nothing"
