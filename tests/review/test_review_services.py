"""Peer review through its services: invitations, answers, reviews, ratings, rounds, reminders."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from editorial.errors import WrongState
from editorial.models import Person, Review, ReviewAssignment, ReviewQuestion, ReviewReminder, Submission
from editorial.review import selectors
from editorial.review.services import reviews
from editorial.submissions.services import decisions
from editorial.submissions.services import submissions as submission_services
from editorial.workflow import State
from tests.support.review_fixtures import accepted, emails_to, full_review, invite
from tests.support.workflow_fixtures import make_pdf, submission_in, upload

A = ReviewAssignment.State


def test_inviting_from_the_pool_mails_signed_links_and_shows_on_the_dashboard_queues(cast, review_cast):
    submission = review_cast.submission
    assert Submission.objects.filter(selectors.has_reviewers()).count() == 0
    assignment = invite(cast, submission, review_cast.reviewer)
    assert assignment.state == A.INVITED
    (email,) = emails_to(review_cast.reviewer.email)
    assert "/review/invitations/" in email.body
    assert "/accept/" in email.body
    assert "/decline/" in email.body
    assert Submission.objects.filter(selectors.has_reviewers()).get() == submission
    assert not Submission.objects.filter(selectors.reviews_complete()).exists()


def test_inviting_a_new_person_by_email_creates_the_account_when_they_accept(cast, review_cast):
    assignment = reviews.invite_reviewer(
        user=cast.managing_editor,
        submission_id=review_cast.submission.pk,
        email="New.Person@Example.com",
        given_names="Nina",
        family_name="Newcomer",
    )
    person = Person.objects.get(email="new.person@example.com")
    assert person.user is None
    assert assignment.reviewer == person
    token = reviews.invitation_token(assignment.pk, "accept")
    reviews.accept_invitation(user=None, assignment_id=assignment.pk, token=token)
    person.refresh_from_db()
    assert person.user is not None
    assert not person.user.has_usable_password()
    assert ReviewAssignment.objects.get(pk=assignment.pk).state == A.ACCEPTED


def test_an_author_of_the_manuscript_cannot_be_invited(cast, review_cast):
    with pytest.raises(ValidationError) as error:
        reviews.invite_reviewer(
            user=cast.managing_editor, submission_id=review_cast.submission.pk, person_id=cast.author.person.pk
        )
    assert "cannot review it" in str(error.value)
    assert not ReviewAssignment.objects.exists()


def test_the_same_reviewer_cannot_be_invited_twice_in_a_round(cast, review_cast):
    invite(cast, review_cast.submission, review_cast.reviewer)
    with pytest.raises(ValidationError, match="already reviewing"):
        invite(cast, review_cast.submission, review_cast.reviewer)


def test_only_the_submissions_editors_may_invite(cast, review_cast):
    for outsider in (cast.author, cast.other_editor, review_cast.reviewer):
        with pytest.raises(PermissionDenied):
            reviews.invite_reviewer(
                user=outsider, submission_id=review_cast.submission.pk, person_id=review_cast.reviewer.person.pk
            )
    assert not ReviewAssignment.objects.exists()


def test_reviewers_are_invited_only_while_under_review(cast):
    submission = submission_in(cast, State.SUBMITTED)
    reviewer = Person.objects.create(given_names="R", family_name="R", email="r@example.net")
    with pytest.raises(WrongState):
        reviews.invite_reviewer(user=cast.managing_editor, submission_id=submission.pk, person_id=reviewer.pk)


def test_tampered_expired_and_other_action_links_are_refused(cast, review_cast, settings):
    assignment = invite(cast, review_cast.submission, review_cast.reviewer)
    token = reviews.invitation_token(assignment.pk, "accept")
    with pytest.raises(reviews.InvitationLinkInvalid):
        reviews.accept_invitation(user=None, assignment_id=assignment.pk, token=token[:-2] + "xx")
    with pytest.raises(reviews.InvitationLinkInvalid):
        reviews.accept_invitation(
            user=None, assignment_id=assignment.pk, token=reviews.invitation_token(assignment.pk, "decline")
        )
    settings.REVIEW_LINK_MAX_AGE = -1
    with pytest.raises(reviews.InvitationLinkExpired):
        reviews.accept_invitation(user=None, assignment_id=assignment.pk, token=token)
    assert ReviewAssignment.objects.get(pk=assignment.pk).state == A.INVITED


def test_declining_needs_a_reason_and_keeps_the_suggestion(cast, review_cast):
    assignment = invite(cast, review_cast.submission, review_cast.reviewer)
    with pytest.raises(ValidationError):
        reviews.decline_invitation(user=review_cast.reviewer, assignment_id=assignment.pk, reason=" ")
    reviews.decline_invitation(
        user=review_cast.reviewer,
        assignment_id=assignment.pk,
        reason="No time this month.",
        suggested_alternative="Dr Someone, someone@example.org",
    )
    assignment.refresh_from_db()
    assert (assignment.state, assignment.suggested_alternative) == (A.DECLINED, "Dr Someone, someone@example.org")
    assert any("declined" in e.subject for e in emails_to(cast.managing_editor.email))


def test_a_submitted_review_is_read_only_and_reaches_the_decision_letter(cast, review_cast):
    assignment = accepted(cast, review_cast.submission, review_cast.reviewer)
    reviews.save_review_draft(
        user=review_cast.reviewer, assignment_id=assignment.pk, data=reviews.ReviewInput(comments_to_author="Half")
    )
    with pytest.raises(ValidationError) as error:
        reviews.submit_review(user=review_cast.reviewer, assignment_id=assignment.pk)
    assert set(error.value.message_dict) == {"recommendation", "competing_interests"}
    reviews.submit_review(user=review_cast.reviewer, assignment_id=assignment.pk, data=full_review())
    with pytest.raises(WrongState):
        reviews.save_review_draft(
            user=review_cast.reviewer, assignment_id=assignment.pk, data=reviews.ReviewInput(comments_to_author="x")
        )
    assert Review.objects.get().comments_to_author == "The argument in section 2 needs a source."
    assert selectors.reviewer_comments_for_author(review_cast.submission) == [
        "The argument in section 2 needs a source."
    ]
    assert Submission.objects.filter(selectors.reviews_complete()).get() == review_cast.submission


def test_another_reviewer_cannot_write_or_submit_someone_elses_review(cast, review_cast):
    assignment = accepted(cast, review_cast.submission, review_cast.reviewer)
    for intruder in (review_cast.other_reviewer, cast.author, cast.managing_editor):
        with pytest.raises(PermissionDenied):
            reviews.submit_review(user=intruder, assignment_id=assignment.pk, data=full_review())
    assert Review.objects.get().state == Review.State.DRAFT


def test_journal_questions_are_validated_and_required_ones_enforced(cast, review_cast):
    scale = ReviewQuestion.objects.create(journal=cast.journal, kind="scale", text="Originality", required=True)
    yes_no = ReviewQuestion.objects.create(journal=cast.journal, kind="yes_no", text="Is the data available?")
    assignment = accepted(cast, review_cast.submission, review_cast.reviewer)
    with pytest.raises(ValidationError) as error:
        reviews.submit_review(
            user=review_cast.reviewer,
            assignment_id=assignment.pk,
            data=full_review(answers={str(scale.pk): "9", str(yes_no.pk): "maybe"}),
        )
    assert set(error.value.message_dict) == {f"question_{scale.pk}", f"question_{yes_no.pk}"}
    with pytest.raises(ValidationError, match="Please answer"):
        reviews.submit_review(user=review_cast.reviewer, assignment_id=assignment.pk, data=full_review(answers={}))
    reviews.submit_review(
        user=review_cast.reviewer,
        assignment_id=assignment.pk,
        data=full_review(answers={str(scale.pk): "4", str(yes_no.pk): "Yes"}),
    )
    assert Review.objects.get().answers == {str(scale.pk): 4, str(yes_no.pk): "yes"}


def test_a_bad_attachment_is_refused_and_nothing_is_saved(cast, review_cast, media_root):
    assignment = accepted(cast, review_cast.submission, review_cast.reviewer)
    with pytest.raises(ValidationError) as error:
        reviews.save_review_draft(
            user=review_cast.reviewer,
            assignment_id=assignment.pk,
            data=reviews.ReviewInput(comments_to_author="Kept?", attachment=upload(b"not a document", "notes.pdf")),
        )
    assert "attachment" in error.value.message_dict
    assert Review.objects.get().comments_to_author == ""
    assert not (media_root / "reviews").exists() or not any((media_root / "reviews").rglob("*.*"))
    reviews.save_review_draft(
        user=review_cast.reviewer,
        assignment_id=assignment.pk,
        data=reviews.ReviewInput(attachment=upload(make_pdf("Notes"), "notes.pdf")),
    )
    assert Review.objects.get().attachment_type == "application/pdf"


def test_cancel_extend_rate_and_reassign(cast, review_cast):
    submission = review_cast.submission
    first = accepted(cast, submission, review_cast.reviewer)
    new_due = timezone.localdate() + timedelta(days=40)
    reviews.extend_due_date(user=cast.handling_editor, assignment_id=first.pk, due_date=new_due)
    with pytest.raises(ValidationError):
        reviews.extend_due_date(user=cast.handling_editor, assignment_id=first.pk, due_date=timezone.localdate())
    replacement = reviews.reassign(
        user=cast.handling_editor, assignment_id=first.pk, person_id=review_cast.other_reviewer.person.pk
    )
    first.refresh_from_db()
    assert (first.state, first.due_date, replacement.state) == (A.CANCELLED, new_due, A.INVITED)
    with pytest.raises(WrongState):
        reviews.cancel_assignment(user=cast.handling_editor, assignment_id=first.pk)
    reviews.accept_invitation(user=review_cast.other_reviewer, assignment_id=replacement.pk)
    with pytest.raises(WrongState):
        reviews.rate_review(user=cast.handling_editor, assignment_id=replacement.pk, rating=4)
    reviews.submit_review(user=review_cast.other_reviewer, assignment_id=replacement.pk, data=full_review())
    with pytest.raises(ValidationError):
        reviews.rate_review(user=cast.handling_editor, assignment_id=replacement.pk, rating=6)
    with pytest.raises(PermissionDenied):
        reviews.rate_review(user=review_cast.other_reviewer, assignment_id=replacement.pk, rating=5)
    reviews.rate_review(user=cast.handling_editor, assignment_id=replacement.pk, rating=4)
    assert Review.objects.get(assignment=replacement).quality_rating == 4


def test_a_revision_opens_a_round_and_last_rounds_reviewers_are_invited_again_in_one_click(cast, review_cast):
    submission = review_cast.submission
    done = accepted(cast, submission, review_cast.reviewer)
    reviews.submit_review(user=review_cast.reviewer, assignment_id=done.pk, data=full_review())
    declined = invite(cast, submission, review_cast.other_reviewer)
    reviews.decline_invitation(user=review_cast.other_reviewer, assignment_id=declined.pk, reason="Busy")
    decisions.record_decision(user=cast.managing_editor, submission_id=submission.pk, kind="minor_revision")
    submission_services.submit_revision(
        user=cast.author, submission_id=submission.pk, manuscript=upload(make_pdf("v2")), response_to_reviewers="Fixed."
    )
    decisions.send_to_review(user=cast.managing_editor, submission_id=submission.pk)
    (again,) = reviews.reinvite_previous_reviewers(user=cast.managing_editor, submission_id=submission.pk)
    assert (again.reviewer_id, again.round.number, again.previous_id) == (review_cast.reviewer.person.pk, 2, done.pk)
    with pytest.raises(ValidationError):
        reviews.reinvite_previous_reviewers(user=cast.managing_editor, submission_id=submission.pk)
    reviews.accept_invitation(user=review_cast.reviewer, assignment_id=again.pk)
    assert [a.pk for a in selectors.earlier_reviews_of(again)] == [done.pk]
    assert [r.round for r in selectors.author_responses_for(again)] == [2]


def test_candidates_show_load_response_rate_days_and_conflicts(cast, review_cast):
    submission = review_cast.submission
    colleague = Person.objects.create(
        given_names="Carl", family_name="Colleague", email="carl@example.net", affiliation="Institute of Secret Studies"
    )
    colleague.roles.create(journal=cast.journal, kind="reviewer")
    done = accepted(cast, submission, review_cast.reviewer)
    reviews.submit_review(user=review_cast.reviewer, assignment_id=done.pk, data=full_review())
    invite(cast, submission, review_cast.other_reviewer)
    candidates = {c.person.family_name: c for c in selectors.reviewer_candidates(submission)}
    assert candidates["Colleague"].conflicts == ["Same affiliation as an author"]
    assert (candidates["Reviewer"].open_reviews, candidates["Reviewer"].response_rate) == (0, 100)
    assert candidates["Reviewer"].average_days == 0.0
    assert (candidates["Second"].open_reviews, candidates["Second"].response_rate) == (1, 0)
    assert [c.person.family_name for c in selectors.reviewer_candidates(submission, query="hedging")] == ["Second"]


def test_authors_see_comments_only_after_a_decision_and_never_confidential_ones(cast, review_cast):
    submission = review_cast.submission
    assignment = accepted(cast, submission, review_cast.reviewer)
    reviews.submit_review(user=review_cast.reviewer, assignment_id=assignment.pk, data=full_review())
    assert selectors.reviews_for_author(submission) == []
    decisions.record_decision(user=cast.managing_editor, submission_id=submission.pk, kind="minor_revision")
    (shown,) = selectors.reviews_for_author(submission)
    assert (shown.label, shown.comments) == ("Reviewer 1", "The argument in section 2 needs a source.")
    reviews.set_blind_mode(user=cast.managing_editor, submission_id=submission.pk, blind_mode="open")
    assert selectors.reviews_for_author(submission)[0].label == "Rita Reviewer"


# --- Reminders ------------------------------------------------------------------------------------------


def test_reminders_go_once_per_threshold_however_often_the_task_runs(cast, review_cast):
    assignment = accepted(cast, review_cast.submission, review_cast.reviewer, days=10)
    due = assignment.due_date
    address = review_cast.reviewer.email
    before = len(emails_to(address))
    assert reviews.send_due_reminders(today=due - timedelta(days=5)) == 0
    assert reviews.send_due_reminders(today=due - timedelta(days=2)) == 1
    assert reviews.send_due_reminders(today=due - timedelta(days=2)) == 0
    assert reviews.send_due_reminders(today=due - timedelta(days=1)) == 0
    assert reviews.send_due_reminders(today=due + timedelta(days=1)) == 1
    assert reviews.send_due_reminders(today=due + timedelta(days=2)) == 0
    assert reviews.send_due_reminders(today=due + timedelta(days=8)) == 1
    kinds = [e.kind for e in emails_to(address)[before:]]
    assert kinds == ["review_reminder_due_soon", "review_reminder_overdue", "review_reminder_long_overdue"]
    assert ReviewReminder.objects.count() == 3


def test_an_extension_starts_the_reminders_afresh_and_a_submitted_review_gets_none(cast, review_cast):
    assignment = accepted(cast, review_cast.submission, review_cast.reviewer, days=10)
    assert reviews.send_due_reminders(today=assignment.due_date + timedelta(days=1)) == 1
    later = timezone.localdate() + timedelta(days=30)
    reviews.extend_due_date(user=cast.managing_editor, assignment_id=assignment.pk, due_date=later)
    assert reviews.send_due_reminders(today=later + timedelta(days=1)) == 1
    reviews.submit_review(user=review_cast.reviewer, assignment_id=assignment.pk, data=full_review())
    assert reviews.send_due_reminders(today=later + timedelta(days=9)) == 0


def test_the_demo_loader_opens_a_review_round_once(db, media_root):
    from editorial.demo.loader import load_demo

    load_demo(password="a long demo password 42")
    load_demo(password="a long demo password 42")
    states = sorted(ReviewAssignment.objects.values_list("reviewer__email", "state"))
    assert states == [("demo-reviewer-1@example.org", "invited"), ("demo-reviewer-2@example.org", "accepted")]
    assert Review.objects.get().state == Review.State.DRAFT


def test_an_account_made_on_acceptance_never_takes_an_existing_username(cast, review_cast):
    from tests.support.factories import UserFactory

    UserFactory(username="taken@example.com", email="someone-else@example.org")
    assignment = reviews.invite_reviewer(
        user=cast.managing_editor, submission_id=review_cast.submission.pk, email="taken@example.com", family_name="T"
    )
    reviews.accept_invitation(
        user=None, assignment_id=assignment.pk, token=reviews.invitation_token(assignment.pk, "accept")
    )
    person = Person.objects.get(email="taken@example.com")
    assert person.user.username == f"taken@example.com-{person.pk}"
