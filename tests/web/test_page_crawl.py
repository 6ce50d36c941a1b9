"""A crawl: every page of the site, for a submission in every state of the workflow, with its files
and without them, as every kind of visitor. A page may refuse (4xx) but never fail (5xx).

The routes come from the URL resolver (``tests/route_inventory.py``), so a new page is crawled
without anyone listing it; each state is reached along ``workflow.shortest_path`` through the
services, so a new state fails here until it has a way in.

"Without files" is a submission whose manuscript rows are gone and that has no galleys: what an
imported article, or files removed by hand in the admin, leave behind.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial import workflow
from editorial.models import Galley, ManuscriptFile, ReviewAssignment, Submission
from editorial.production.preview import preview_url
from editorial.production.services import copyediting, publication
from editorial.production.services import galleys as galley_uploads
from editorial.publishing.links import article_url
from editorial.review.services import reviews
from editorial.review.services.reviews import invitation_token
from editorial.submissions.services import decisions, submissions
from editorial.submissions.services.assignments import assign_handling_editor
from editorial.submissions.views.draft import STEP_NAMES
from editorial.workflow import State
from tests.support.factories import UserFactory
from tests.support.production_fixtures import due_in, pdf_galley
from tests.support.review_fixtures import _reviewer, full_review
from tests.support.route_inventory import all_routes, html_routes
from tests.support.workflow_fixtures import make_pdf, ready_draft, upload

pytestmark = pytest.mark.django_db

MISSING = 987654  # an id no row has: the route is still crawled when the world has no such thing
ROLES = (
    "anonymous",
    "author",
    "other_author",
    "managing_editor",
    "handling_editor",
    "other_editor",
    "reviewer",
    "copyeditor",
    "typesetter",
    "staff",
    "superuser",
)


@dataclass
class Track:
    """One submission on its way to a state, and whether it keeps its files."""

    cast: object
    crew: object
    reviewer: object
    files: bool
    submission: Submission | None = None


@dataclass
class World:
    state: str
    tracks: list[Track]
    issue_id: int
    people: dict = field(default_factory=dict)


# --- Each move of the state machine, made through the services --------------------------------------


def _submit(w: Track) -> None:
    submissions.submit_submission(user=w.cast.author, submission_id=w.submission.pk)
    assign_handling_editor(
        user=w.cast.managing_editor, submission_id=w.submission.pk, editor_person_id=w.cast.handling_editor.person.pk
    )


def _send_to_review(w: Track) -> None:
    decisions.send_to_review(user=w.cast.managing_editor, submission_id=w.submission.pk)
    assignment = reviews.invite_reviewer(
        user=w.cast.managing_editor,
        submission_id=w.submission.pk,
        person_id=w.reviewer.person.pk,
        due_date=timezone.localdate() + timedelta(days=21),
    )
    reviews.accept_invitation(user=w.reviewer, assignment_id=assignment.pk)
    if w.files:  # one review submitted with an annotated file; the other left in progress
        notes = full_review(attachment=upload(make_pdf("Annotated"), "annotated.pdf"))
        reviews.submit_review(user=w.reviewer, assignment_id=assignment.pk, data=notes)


def _decide(kind: str):
    def move(w: Track) -> None:
        decisions.record_decision(user=w.cast.managing_editor, submission_id=w.submission.pk, kind=kind)

    return move


def _desk_reject(w: Track) -> None:
    decisions.desk_reject(user=w.cast.managing_editor, submission_id=w.submission.pk, letter="Out of scope.")


def _revise(w: Track) -> None:
    submissions.submit_revision(
        user=w.cast.author,
        submission_id=w.submission.pk,
        manuscript=upload(make_pdf("Revised")),
        response_to_reviewers="We revised section 2.",
    )


def _withdraw(w: Track) -> None:
    submissions.withdraw_submission(user=w.cast.author, submission_id=w.submission.pk)


def _start_production(w: Track) -> None:
    editor, pk = w.cast.managing_editor, w.submission.pk
    copyedit = copyediting.assign_copyeditor(
        user=editor, submission_id=pk, copyeditor_person_id=w.crew.copyeditor.person.pk, due_on=due_in(7)
    )
    if w.files:
        copyediting.upload_copyedit(user=w.crew.copyeditor, copyedit_id=copyedit.pk, upload=upload(make_pdf("Edited")))
        galley = galley_uploads.upload_galley(user=editor, submission_id=pk, upload=pdf_galley(), label="PDF")
        galley_uploads.approve_galley(user=editor, galley_id=galley.pk, primary=True)
    publication.set_publication_record(
        user=editor,
        submission_id=pk,
        issue_id=w.crew.issue.pk,
        section_id=w.cast.section.pk,
        first_page="75" if w.files else "112",  # the pages make the DOI: one per article
        last_page="111" if w.files else "130",
    )


def _publish(later: bool):
    def move(w: Track) -> None:
        publication.publish(
            user=w.cast.managing_editor,
            submission_id=w.submission.pk,
            publish_at=timezone.now() + timedelta(days=3) if later else None,
            override_reason="" if w.files else "Crawl: an article without a galley.",
        )

    return move


MOVES = {
    (State.DRAFT, State.SUBMITTED): _submit,
    (State.DRAFT, State.WITHDRAWN): _withdraw,
    (State.SUBMITTED, State.DESK_REJECTED): _desk_reject,
    (State.SUBMITTED, State.UNDER_REVIEW): _send_to_review,
    (State.SUBMITTED, State.WITHDRAWN): _withdraw,
    (State.UNDER_REVIEW, State.REVISION_REQUESTED): _decide("minor_revision"),
    (State.UNDER_REVIEW, State.ACCEPTED): _decide("accept"),
    (State.UNDER_REVIEW, State.REJECTED): _decide("reject"),
    (State.REVISION_REQUESTED, State.RESUBMITTED): _revise,
    (State.ACCEPTED, State.IN_PRODUCTION): _start_production,
    (State.IN_PRODUCTION, State.SCHEDULED): _publish(later=True),
    (State.IN_PRODUCTION, State.PUBLISHED): _publish(later=False),
}


def walk_to(track: Track, state: str) -> Submission:
    track.submission = ready_draft(track.cast, title=f"Alliances {'with' if track.files else 'without'} files")
    current = State.DRAFT
    for following in workflow.shortest_path(State.DRAFT, state):
        MOVES[(current, following)](track)
        current = following
    if not track.files:
        ManuscriptFile.objects.filter(submission=track.submission).delete()
    track.submission.refresh_from_db()
    assert track.submission.state == state
    return track.submission


def build_world(cast, crew, *, state: str) -> World:
    """Two submissions in ``state``, one with its files and one without, and everyone who may look."""
    reviewer = _reviewer(cast.journal, "reviewer", "Rita", "Reviewer")
    tracks = [Track(cast, crew, reviewer, files=files) for files in (True, False)]
    for track in tracks:
        walk_to(track, state)
    world = World(state=state, tracks=tracks, issue_id=crew.issue.pk)
    world.people = {
        "anonymous": None,
        "author": cast.author,
        "other_author": cast.other_author,
        "managing_editor": cast.managing_editor,
        "handling_editor": cast.handling_editor,
        "other_editor": cast.other_editor,
        "reviewer": reviewer,
        "copyeditor": crew.copyeditor,
        "typesetter": crew.typesetter,
        "staff": UserFactory(username="staff", is_staff=True),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    return world


# --- The URLs of every route, filled in from the world ------------------------------------------------


def parameter_values(submission: Submission, issue_id: int) -> dict:
    """For each route parameter, the values this submission has (a missing id when it has none)."""
    article = getattr(submission, "article", None) if submission.state != State.DRAFT else None
    assignments = list(ReviewAssignment.objects.filter(submission=submission).values_list("pk", flat=True))
    galleys = list(Galley.objects.filter(article__submission=submission).values_list("pk", flat=True))
    files = list(submission.files.values_list("pk", flat=True))
    accept_tokens = [invitation_token(pk, "accept") for pk in assignments] or ["not-a-token"]
    decline_tokens = [invitation_token(pk, "decline") for pk in assignments] or ["not-a-token"]
    preview = preview_url(article).rstrip("/").rsplit("/", 1)[-1] if article else "not-a-token"
    return {
        "submission_id": [submission.pk],
        "file_id": files or [MISSING],
        "galley_id": galleys or [MISSING],
        "assignment_id": assignments or [MISSING],
        "result_id": [MISSING],
        "journal_slug": [submission.journal.slug],
        "article_id": [article.pk] if article else [MISSING],
        "issue_id": [issue_id],
        "number": [1, 2],
        "fmt": ["bibtex", "ris", "csl-json"],
        "title_slug": ([article_url(article).rstrip("/").rsplit("/", 1)[-1]] if article else []) + ["alliances"],
        "doi": [article.doi] if article and article.doi else ["10.48015/none"],
        ("draft-step", "step"): STEP_NAMES,
        ("production-step", "step"): ["publish"],
        ("review-invitation-accept", "token"): accept_tokens,
        ("review-invitation-decline", "token"): decline_tokens,
        ("article-preview", "token"): [preview],
        ("preview-galley", "token"): [preview],
        # accounts: links from e-mails, crawled with keys that are not valid
        ("account_confirm_email", "key"): ["not-a-key"],
        ("account_reset_password_from_key", "uidb36"): ["1"],
        ("account_reset_password_from_key", "key"): ["not-a-key"],
    }


def page_urls(world: World) -> dict[str, list[str]]:
    """Each route's URLs for the world's submissions (a page of the site, such as a dashboard, once)."""
    urls: dict[str, dict[str, None]] = {}
    for track in world.tracks:
        values = parameter_values(track.submission, world.issue_id)
        for name, parameters in html_routes():
            if name is None:  # the media files' route
                continue
            names = list(parameters)
            choices = [values.get((name, p), values.get(p)) for p in names]
            assert all(c is not None for c in choices), f"the crawl has no value for a parameter of {name}: {names}"
            for combo in itertools.product(*choices):
                urls.setdefault(name, {})[reverse(name, kwargs=dict(zip(names, combo, strict=True)))] = None
    return {name: list(addresses) for name, addresses in urls.items()}


def crawl(world: World, urls: dict[str, list[str]]) -> tuple[list[str], dict[str, dict[str, set]]]:
    """GET every URL as every role: what failed, in words, and each role's answers by route.
    (Refusals are logged by Django as warnings, thousands of them here: silenced, they cost more
    than the requests.)"""
    failures: list[str] = []
    answers: dict[str, dict[str, set]] = {}
    client = Client()
    logging.disable(logging.WARNING)
    try:
        # The superuser first: a route that refuses GET itself (405) refuses it to everyone alike.
        answers["superuser"] = _crawl_as(client, world.people["superuser"], "superuser", urls, failures)
        urls = {name: addresses for name, addresses in urls.items() if answers["superuser"][name] != {405}}
        for role in ROLES:
            if role != "superuser":
                answers[role] = _crawl_as(client, world.people[role], role, urls, failures)
    finally:
        logging.disable(logging.NOTSET)
    return failures, answers


def _crawl_as(client: Client, user, role: str, urls: dict[str, list[str]], failures: list[str]) -> dict[str, set]:
    client.logout()
    if user is not None:
        client.force_login(user)
    answered: dict[str, set] = {}
    for name, addresses in urls.items():
        for url in addresses:
            try:
                status = client.get(url).status_code
            except Exception as exc:  # the test client re-raises what became a 500
                failures.append(f"{role} GET {url} ({name}): {type(exc).__name__}: {exc}")
                status = 500
            else:
                if status >= 500:
                    failures.append(f"{role} GET {url} ({name}): HTTP {status}")
            answered.setdefault(name, set()).add(status)
    return answered


@pytest.mark.parametrize("state", State.values)
def test_no_page_fails_for_any_visitor_of_a_submission_in_any_state_with_or_without_files(cast, crew, settings, state):
    settings.CROSSREF_LOGIN_ID = ""
    world = build_world(cast, crew, state=state)
    urls = page_urls(world)
    crawled = {("html", name) for name in urls}
    assert crawled == {route for route in all_routes() if route[0] == "html" and route[1] is not None}
    failures, answers = crawl(world, urls)
    assert not failures, "\n".join(failures)
    # The crawl saw the pages, not only refusals: each role reached its own.
    assert 200 in answers["author"]["author-submission"]
    assert 200 in answers["anonymous"]["home"]
    assert answers["other_author"]["author-submission"] == {404}
    if state != State.DRAFT:
        assert 200 in answers["managing_editor"]["editor-submission"]
        assert 404 in answers["other_editor"]["editor-submission"]
    if state in (State.IN_PRODUCTION, State.SCHEDULED, State.PUBLISHED):
        assert 200 in answers["copyeditor"]["production-page"]
    if state == State.PUBLISHED:
        assert answers["anonymous"]["article"] == {301}  # to the canonical address, which answers
        assert answers["anonymous"]["article-canonical"] == {200, 301}  # (and a stale title slug moves)


def test_every_state_of_the_workflow_has_a_way_in_for_the_crawl():
    for state in State.values:
        path = workflow.shortest_path(State.DRAFT, state)
        assert path is not None, state
        assert all(move in MOVES for move in itertools.pairwise([State.DRAFT, *path])), state
