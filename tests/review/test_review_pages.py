"""Peer review as people reach it: the reviewer's pages and links, the editor's panel, the API."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from editorial.models import Review, ReviewAssignment
from editorial.review.services import reviews
from editorial.workflow import State
from tests.support.api import api_for
from tests.support.review_fixtures import accepted, full_review, invite, link_in
from tests.support.workflow_fixtures import submission_in

A = ReviewAssignment.State


def _due(days=30) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_an_invited_stranger_accepts_through_the_link_and_lands_signed_in_on_the_form(client, cast, review_cast):
    assignment = reviews.invite_reviewer(
        user=cast.managing_editor,
        submission_id=review_cast.submission.pk,
        email="stranger@example.com",
        family_name="Stranger",
    )
    email = review_cast.submission.emails.get(to="stranger@example.com")
    page = client.get(link_in(email, "accept"))
    assert page.status_code == 200
    assert b"Accept and go to the manuscript" in page.content
    assert ReviewAssignment.objects.get(pk=assignment.pk).state == A.INVITED  # a GET changes nothing
    response = client.post(link_in(email, "accept"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("reviewer-assignment", args=[assignment.pk])
    assert b"Submit the review" in response.content
    assert ReviewAssignment.objects.get(pk=assignment.pk).state == A.ACCEPTED


def test_a_reviewer_with_a_password_accepting_by_link_is_asked_to_sign_in(client, cast, review_cast):
    invite(cast, review_cast.submission, review_cast.reviewer)
    email = review_cast.submission.emails.get(to=review_cast.reviewer.email)
    response = client.post(link_in(email, "accept"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert ReviewAssignment.objects.get().state == A.ACCEPTED
    assert "_auth_user_id" not in client.session


def test_tampered_and_expired_links_are_refused_and_change_nothing(client, cast, review_cast, settings):
    invite(cast, review_cast.submission, review_cast.reviewer)
    email = review_cast.submission.emails.get(to=review_cast.reviewer.email)
    accept, decline = link_in(email, "accept"), link_in(email, "decline")
    tampered = accept.replace("/accept/", "x/accept/")
    assert client.post(tampered).status_code == 400
    swapped = decline.replace("/decline/", "/accept/")
    assert client.post(swapped).status_code == 400
    settings.REVIEW_LINK_MAX_AGE = -1
    refused = client.post(accept)
    assert refused.status_code == 410
    assert b"expired" in refused.content
    assert client.post(decline, {"reason": "No"}).status_code == 410
    assert ReviewAssignment.objects.get().state == A.INVITED


def test_declining_by_link_asks_why_and_for_someone_else(client, cast, review_cast):
    invite(cast, review_cast.submission, review_cast.reviewer)
    email = review_cast.submission.emails.get(to=review_cast.reviewer.email)
    empty = client.post(link_in(email, "decline"), {"reason": ""})
    assert b"This field is required" in empty.content
    done = client.post(link_in(email, "decline"), {"reason": "On leave", "suggested_alternative": "Dr Other"})
    assert b"Invitation declined" in done.content
    assignment = ReviewAssignment.objects.get()
    assert (assignment.state, assignment.decline_reason, assignment.suggested_alternative) == (
        A.DECLINED,
        "On leave",
        "Dr Other",
    )


def test_the_reviewer_saves_a_draft_then_submits_and_the_review_is_read_only(client, cast, review_cast):
    assignment = accepted(cast, review_cast.submission, review_cast.reviewer)
    client.force_login(review_cast.reviewer)
    url = reverse("reviewer-assignment", args=[assignment.pk])
    client.post(url, {"comments_to_author": "First thoughts", "save": "1"})
    assert Review.objects.get().comments_to_author == "First thoughts"
    missing = client.post(url, {"comments_to_author": "First thoughts", "submit": "1"})
    assert missing.status_code == 200
    assert b"Choose your recommendation." in missing.content
    client.post(
        url,
        {
            "recommendation": "major_revision",
            "comments_to_author": "Rework section 3.",
            "confidential_comments": "Weak.",
            "no_competing_interests": "on",
            "submit": "1",
        },
    )
    review = Review.objects.get()
    assert (review.state, review.recommendation) == (Review.State.SUBMITTED, "major_revision")
    page = client.get(url)
    assert b"Submit the review" not in page.content
    assert b"Rework section 3." in page.content
    again = client.post(url, {"comments_to_author": "Changed", "save": "1"}, follow=True)
    assert b"can no longer be changed" in again.content
    assert Review.objects.get().comments_to_author == "Rework section 3."


def test_the_dashboard_lists_pending_in_progress_and_completed_in_fixed_queries(
    client, cast, review_cast, django_assert_max_num_queries
):
    pending = invite(cast, review_cast.submission, review_cast.reviewer)
    for title in ("Second manuscript", "Third manuscript"):
        other = submission_in(cast, State.UNDER_REVIEW, title=title)
        accepted(cast, other, review_cast.reviewer)
    client.force_login(review_cast.reviewer)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("reviewer-dashboard")).content.decode()
    assert page.index("Invitations waiting") < page.index(pending.submission.title) < page.index("Reviews in progress")
    assert page.index("Reviews in progress") < page.index("Third manuscript") < page.index("Completed reviews")


def test_a_reviewer_reaches_nothing_but_their_own_assignments(client, cast, review_cast):
    mine = accepted(cast, review_cast.submission, review_cast.reviewer)
    theirs = accepted(cast, review_cast.submission, review_cast.other_reviewer)
    reviews.save_review_draft(
        user=review_cast.other_reviewer, assignment_id=theirs.pk, data=full_review(comments_to_author="Secret")
    )
    elsewhere = submission_in(cast, State.UNDER_REVIEW, title="Not yours")
    file_elsewhere = elsewhere.files.get()
    client.force_login(review_cast.reviewer)
    for url in (
        reverse("reviewer-assignment", args=[theirs.pk]),
        reverse("reviewer-file", args=[theirs.pk, review_cast.submission.files.first().pk]),
        reverse("reviewer-file", args=[mine.pk, file_elsewhere.pk]),
        reverse("review-attachment", args=[theirs.pk]),
        reverse("editor-submission", args=[review_cast.submission.pk]),
        reverse("author-submission", args=[review_cast.submission.pk]),
        reverse("file-download", args=[file_elsewhere.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reviewer-assignment", args=[theirs.pk]), {"save": "1"}).status_code == 404
    api = api_for(review_cast.reviewer)
    assert api.get(f"/api/reviewer/assignments/{theirs.pk}/review/").status_code == 404
    assert api.patch(f"/api/reviewer/assignments/{theirs.pk}/review/", {"comments_to_author": "x"}).status_code == 404
    assert api.get(f"/api/submissions/{review_cast.submission.pk}/").status_code == 404
    assert [a["id"] for a in api.get("/api/reviewer/assignments/").json()["results"]] == [mine.pk]
    assert Review.objects.get(assignment=theirs).comments_to_author == "Secret"


def test_the_editor_invites_from_the_panel_reads_the_review_and_rates_it(client, cast, review_cast):
    submission = review_cast.submission
    client.force_login(cast.handling_editor)
    page_url = reverse("editor-submission", args=[submission.pk])
    panel = client.get(page_url, {"reviewer_q": "Rita"}).content.decode()
    assert "Rita Reviewer" in panel
    assert "Victor Second" not in panel
    client.post(
        reverse("editor-review-invite", args=[submission.pk]),
        {"reviewer": review_cast.reviewer.person.pk, "due_date": _due()},
    )
    client.post(
        reverse("editor-review-invite", args=[submission.pk]),
        {"email": "fresh@example.com", "given_names": "Fay", "family_name": "Fresh"},
    )
    assert sorted(ReviewAssignment.objects.values_list("reviewer__family_name", flat=True)) == ["Fresh", "Reviewer"]
    mine = ReviewAssignment.objects.get(reviewer__family_name="Reviewer")
    reviews.accept_invitation(user=review_cast.reviewer, assignment_id=mine.pk)
    reviews.submit_review(user=review_cast.reviewer, assignment_id=mine.pk, data=full_review())
    page = client.get(page_url).content.decode()  # its query count: tests/desk/test_submission_page_queries.py
    assert "The argument in section 2 needs a source." in page
    assert "Competent but thin" in page
    client.post(reverse("editor-review-rate", args=[submission.pk, mine.pk]), {"rating": "5"})
    assert Review.objects.get().quality_rating == 5
    fresh = ReviewAssignment.objects.get(reviewer__family_name="Fresh")
    client.post(reverse("editor-review-extend", args=[submission.pk, fresh.pk]), {"due_date": _due(50)})
    client.post(reverse("editor-review-cancel", args=[submission.pk, fresh.pk]))
    fresh.refresh_from_db()
    assert (fresh.state, fresh.due_date.isoformat()) == (A.CANCELLED, _due(50))
    wrong = client.post(
        reverse("editor-review-extend", args=[submission.pk, fresh.pk]), {"due_date": _due()}, follow=True
    )
    assert b"Nothing was changed" in wrong.content


def test_the_editor_page_costs_the_same_queries_with_more_reviewers(
    client, cast, review_cast, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submission = review_cast.submission
    client.force_login(cast.managing_editor)
    url = reverse("editor-submission", args=[submission.pk])
    accepted(cast, submission, review_cast.reviewer)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    accepted(cast, submission, review_cast.other_reviewer)
    reviews.invite_reviewer(
        user=cast.managing_editor, submission_id=submission.pk, email="x@example.com", family_name="X"
    )
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)


def test_the_api_takes_a_review_from_invitation_to_rating(cast, review_cast):
    editor, reviewer = api_for(cast.managing_editor), api_for(review_cast.reviewer)
    created = editor.post(
        "/api/review-assignments/",
        {"submission": review_cast.submission.pk, "reviewer": review_cast.reviewer.person.pk, "due_date": _due()},
        format="json",
    )
    assert created.status_code == 201, created.json()
    aid = created.json()["id"]
    assert reviewer.post(f"/api/reviewer/assignments/{aid}/accept/").json()["state"] == "accepted"
    draft = reviewer.patch(f"/api/reviewer/assignments/{aid}/review/", {"comments_to_author": "Good."}, format="json")
    assert (draft.status_code, draft.json()["state"]) == (200, "draft")
    assert editor.get(f"/api/review-assignments/{aid}/").json()["review"] is None  # drafts stay the reviewer's
    incomplete = reviewer.post(f"/api/reviewer/assignments/{aid}/submit/", {}, format="json")
    assert incomplete.status_code == 400
    assert "recommendation" in incomplete.json()
    submitted = reviewer.post(
        f"/api/reviewer/assignments/{aid}/submit/",
        {"recommendation": "accept", "no_competing_interests": True},
        format="json",
    )
    assert submitted.json()["state"] == "submitted"
    again = reviewer.patch(f"/api/reviewer/assignments/{aid}/review/", {"comments_to_author": "x"}, format="json")
    assert again.status_code == 409
    assert editor.post(f"/api/review-assignments/{aid}/rate/", {"rating": 9}, format="json").status_code == 400
    rated = editor.post(f"/api/review-assignments/{aid}/rate/", {"rating": 3}, format="json").json()
    assert (rated["review"]["quality_rating"], rated["review"]["comments_to_author"]) == (3, "Good.")
    assert editor.post(f"/api/review-assignments/{aid}/cancel/", {}, format="json").status_code == 409


def test_the_api_declines_extends_and_cancels(cast, review_cast):
    editor, reviewer = api_for(cast.managing_editor), api_for(review_cast.reviewer)
    first = invite(cast, review_cast.submission, review_cast.reviewer)
    refused = reviewer.post(f"/api/reviewer/assignments/{first.pk}/decline/", {"reason": ""}, format="json")
    assert refused.status_code == 400
    declined = reviewer.post(f"/api/reviewer/assignments/{first.pk}/decline/", {"reason": "Busy"}, format="json")
    assert declined.json()["state"] == "declined"
    second = invite(cast, review_cast.submission, review_cast.other_reviewer)
    extended = editor.post(f"/api/review-assignments/{second.pk}/extend/", {"due_date": _due(45)}, format="json")
    assert extended.json()["due_date"] == _due(45)
    assert editor.post(f"/api/review-assignments/{second.pk}/cancel/", {}, format="json").json()["state"] == "cancelled"
    assert api_for(cast.other_editor).get(f"/api/review-assignments/{second.pk}/").status_code == 404
    assert api_for(cast.author).get("/api/review-assignments/").json()["results"] == []


def test_the_schema_lists_the_review_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/reviewer/assignments/{id}/accept/",
        "/api/reviewer/assignments/{id}/decline/",
        "/api/reviewer/assignments/{id}/review/",
        "/api/reviewer/assignments/{id}/submit/",
        "/api/review-assignments/",
        "/api/review-assignments/{id}/cancel/",
        "/api/review-assignments/{id}/extend/",
        "/api/review-assignments/{id}/rate/",
    ):
        assert path in schema, path


def test_declining_from_the_review_page_without_a_reason_stays_and_says_why(client, cast, review_cast):
    assignment = invite(cast, review_cast.submission, review_cast.reviewer)
    client.force_login(review_cast.reviewer)
    url = reverse("reviewer-respond", args=[assignment.pk])
    stayed = client.post(url, {"answer": "decline", "reason": ""}, follow=True)
    assert stayed.redirect_chain[-1][0] == reverse("reviewer-assignment", args=[assignment.pk])
    assert b"why you decline" in stayed.content
    done = client.post(url, {"answer": "decline", "reason": "Too busy"})
    assert done["Location"] == reverse("reviewer-dashboard")
    assert ReviewAssignment.objects.get().state == A.DECLINED


def test_the_reviewers_api_list_costs_the_same_queries_for_more_assignments(cast, review_cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_for(review_cast.reviewer)
    invite(cast, review_cast.submission, review_cast.reviewer)
    with CaptureQueriesContext(connection) as one:
        assert len(api.get("/api/reviewer/assignments/").json()["results"]) == 1
    for title in ("Second", "Third"):
        accepted(cast, submission_in(cast, State.UNDER_REVIEW, title=title), review_cast.reviewer)
    with CaptureQueriesContext(connection) as three:
        assert len(api.get("/api/reviewer/assignments/").json()["results"]) == 3
    assert len(three) == len(one)


def test_the_editor_reads_the_answers_to_the_journals_questions(client, cast, review_cast):
    from editorial.models import ReviewQuestion

    question = ReviewQuestion.objects.create(journal=cast.journal, kind="scale", text="How original is it?")
    assignment = accepted(cast, review_cast.submission, review_cast.reviewer)
    client.force_login(review_cast.reviewer)
    form = client.get(reverse("reviewer-assignment", args=[assignment.pk])).content.decode()
    assert "How original is it? (optional)" in form
    reviews.submit_review(
        user=review_cast.reviewer, assignment_id=assignment.pk, data=full_review(answers={str(question.pk): "4"})
    )
    client.force_login(cast.managing_editor)
    page = client.get(reverse("editor-submission", args=[review_cast.submission.pk])).content.decode()
    assert "<dt>How original is it?</dt><dd>4</dd>" in page


def test_a_reviewer_without_a_password_comes_back_through_the_link_in_any_later_email(client, cast, review_cast):
    assignment = reviews.invite_reviewer(
        user=cast.managing_editor, submission_id=review_cast.submission.pk, email="nopass@example.com", family_name="N"
    )
    reviews.accept_invitation(
        user=None, assignment_id=assignment.pk, token=reviews.invitation_token(assignment.pk, "accept")
    )
    reminder = review_cast.submission.emails.get(to="nopass@example.com", kind="review_accepted")
    back = client.get(link_in(reminder, "accept"), follow=True)
    assert back.redirect_chain[-1][0] == reverse("reviewer-assignment", args=[assignment.pk])
    assert b"Save draft" in back.content
    client.post(
        reverse("reviewer-assignment", args=[assignment.pk]),
        {"recommendation": "accept", "comments_to_author": "Fine.", "no_competing_interests": "on", "submit": "1"},
    )
    client.logout()
    receipt = review_cast.submission.emails.get(to="nopass@example.com", kind="review_receipt")
    again = client.get(link_in(receipt, "accept"), follow=True)
    assert again.redirect_chain[-1][0] == reverse("reviewer-assignment", args=[assignment.pk])
    assert b"Fine." in again.content


def test_in_the_next_round_a_reviewer_sees_their_earlier_review_and_the_authors_response(client, cast, review_cast):
    from editorial.submissions.services import decisions
    from editorial.submissions.services import submissions as submission_services
    from tests.support.workflow_fixtures import make_pdf, upload

    submission = review_cast.submission
    first = accepted(cast, submission, review_cast.reviewer)
    reviews.submit_review(user=review_cast.reviewer, assignment_id=first.pk, data=full_review())
    decisions.record_decision(user=cast.managing_editor, submission_id=submission.pk, kind="major_revision")
    submission_services.submit_revision(
        user=cast.author,
        submission_id=submission.pk,
        manuscript=upload(make_pdf("v2")),
        response_to_reviewers="We added the missing source to section 2.",
    )
    decisions.send_to_review(user=cast.managing_editor, submission_id=submission.pk)
    client.force_login(cast.managing_editor)
    client.post(reverse("editor-review-reinvite", args=[submission.pk]))
    second = ReviewAssignment.objects.get(round__number=2)
    reviews.accept_invitation(user=review_cast.reviewer, assignment_id=second.pk)
    client.force_login(review_cast.reviewer)
    page = client.get(reverse("reviewer-assignment", args=[second.pk])).content.decode()
    assert "Your review of round 1" in page
    assert "The argument in section 2 needs a source." in page
    assert "We added the missing source to section 2." in page
    assert "round 2" in page
