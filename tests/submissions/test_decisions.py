"""The editor's services: assignment, screening, decisions with letters, due dates, reopening, notes,
and the e-mail they send, only once the change is committed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from editorial import permissions
from editorial.errors import IllegalTransition, WrongState
from editorial.models import Decision, Event, LetterTemplate, OutboxTask, OutgoingEmail, Role, Submission
from editorial.submissions import letters
from editorial.submissions.services import assignments, decisions, submissions
from editorial.workflow import State
from tests.support.workers import WORKER_WAIT_SECONDS, eventually
from tests.support.workflow_fixtures import ready_draft, submission_in

# --- Letters -------------------------------------------------------------------------------------------


def test_a_letter_without_reviewer_comments_leaves_no_gap_or_heading(cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    subject, body = decisions.draft_letter(submission=submission, kind="accept", editor=cast.managing_editor)
    assert subject == f"Your manuscript #{submission.pk} is accepted"
    assert body.startswith("Dear Anna Testova,")
    assert '"Alliances and their discontents"' in body
    assert "Reviewer" not in body
    assert "\n\n\n" not in body
    assert body.endswith("Maria Manager\nJournal of Workflow Studies")


def test_a_letter_numbers_the_reviewers_comments_and_skips_empty_ones(cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    _, body = decisions.draft_letter(
        submission=submission,
        kind="major_revision",
        editor=cast.managing_editor,
        reviewer_comments=["Clarify the method.", "  ", "Add a map."],
    )
    assert "Reviewer 1:\nClarify the method.\n\nReviewer 2:\nAdd a map." in body
    due = timezone.localdate() + timedelta(days=60)
    assert due.strftime("%B %Y") in body


def test_the_journals_own_template_is_used_when_there_is_one(cast):
    LetterTemplate.objects.create(
        journal=cast.journal, kind="reject", subject="Re: {title}", body="Sorry {author_name}.\n{reviewer_comments}"
    )
    submission = submission_in(cast, State.UNDER_REVIEW)
    subject, body = decisions.draft_letter(
        submission=submission, kind="reject", editor=cast.managing_editor, reviewer_comments=["Weak data."]
    )
    assert subject == "Re: Alliances and their discontents"
    assert body == "Sorry Anna Testova.\nReviewer 1:\nWeak data."


def test_a_template_with_an_unknown_placeholder_is_refused_but_other_braces_are_kept(cast):
    template = LetterTemplate(journal=cast.journal, kind="accept", subject="Accepted", body="Dear {autor_name}")
    with pytest.raises(ValidationError, match="autor_name"):
        template.full_clean()
    assert letters.fill("Set {x, y} for {title}", {"title": "T"}) == "Set {x, y} for T"


def test_every_default_letter_uses_only_known_placeholders():
    refused = {}
    for kind, texts in letters.DEFAULT_LETTERS.items():
        for text in texts:
            try:
                letters.validate_letter_template(text)
            except ValidationError as exc:
                refused[kind] = exc.messages
    assert letters.DEFAULT_LETTERS, "there are default letters to check"
    assert refused == {}


# --- Decisions -----------------------------------------------------------------------------------------


def test_a_minor_revision_is_due_in_thirty_days_and_the_letter_goes_to_the_author(cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    decision = decisions.record_decision(user=cast.handling_editor, submission_id=submission.pk, kind="minor_revision")
    submission.refresh_from_db()
    due = timezone.localdate() + timedelta(days=30)
    assert (submission.state, submission.revision_due) == (State.REVISION_REQUESTED, due)
    assert (decision.round, decision.revision_due, decision.decided_by) == (1, due, cast.handling_editor)
    email = OutgoingEmail.objects.get(submission=submission, kind="revision_request")
    assert email.to == "author@example.org"
    assert email.subject == decision.subject
    assert decision.letter in email.body
    assert due.strftime("%B %Y") in email.body


def test_the_editors_edited_letter_is_what_is_recorded_and_sent(cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    decisions.record_decision(
        user=cast.managing_editor,
        submission_id=submission.pk,
        kind="accept",
        letter="Dear Anna, accepted & welcome.",
        subject="Good news",
    )
    email = OutgoingEmail.objects.get(submission=submission, kind="decision")
    assert email.subject == "Good news"
    assert email.body.startswith("Dear Anna, accepted & welcome.")  # plain text: nothing escaped
    assert Decision.objects.get(submission=submission).letter == "Dear Anna, accepted & welcome."


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"kind": "accept", "letter": "  "}, "letter"),
        ({"kind": "major_revision", "revision_due": timezone.localdate()}, "revision_due"),
        ({"kind": "desk_reject"}, "decision"),
        ({"kind": "maybe"}, "decision"),
    ],
    ids=["empty-letter", "due-today", "desk-reject-after-review", "unknown"],
)
def test_a_decision_with_bad_input_is_refused_and_changes_nothing(cast, arguments, field):
    submission = submission_in(cast, State.UNDER_REVIEW)
    with pytest.raises(ValidationError) as excinfo:
        decisions.record_decision(user=cast.managing_editor, submission_id=submission.pk, **arguments)
    assert field in excinfo.value.message_dict
    submission.refresh_from_db()
    assert submission.state == State.UNDER_REVIEW
    assert not Decision.objects.exists()
    assert not OutgoingEmail.objects.filter(kind__in=["decision", "revision_request"]).exists()


def test_a_second_decision_on_a_decided_submission_is_an_illegal_transition(cast):
    submission = submission_in(cast, State.ACCEPTED)
    with pytest.raises(IllegalTransition) as excinfo:
        decisions.record_decision(user=cast.managing_editor, submission_id=submission.pk, kind="reject")
    assert excinfo.value.current == State.ACCEPTED
    assert Decision.objects.filter(submission=submission).count() == 1


def test_desk_rejection_records_the_letter_and_tells_the_author(cast):
    submission = submission_in(cast, State.SUBMITTED)
    decisions.desk_reject(user=cast.managing_editor, submission_id=submission.pk, letter="Out of scope for us.")
    submission.refresh_from_db()
    assert submission.state == State.DESK_REJECTED
    assert Decision.objects.get(submission=submission).kind == "desk_reject"
    assert OutgoingEmail.objects.get(submission=submission, kind="decision").body.startswith("Out of scope for us.")


def test_a_revision_goes_back_to_review_or_is_decided_directly(cast):
    resubmitted = submission_in(cast, State.RESUBMITTED)
    decisions.record_decision(user=cast.managing_editor, submission_id=resubmitted.pk, kind="accept")
    assert Submission.objects.get(pk=resubmitted.pk).state == State.ACCEPTED
    assert Decision.objects.filter(submission=resubmitted).order_by("pk").last().round == 2
    other = submission_in(cast, State.RESUBMITTED, title="Another")
    decisions.send_to_review(user=cast.managing_editor, submission_id=other.pk)
    assert Submission.objects.get(pk=other.pk).state == State.UNDER_REVIEW


# --- Due dates, reopening, notes ------------------------------------------------------------------------


def test_the_revision_due_date_can_be_moved_while_a_revision_is_requested(cast):
    submission = submission_in(cast, State.REVISION_REQUESTED)
    new_due = timezone.localdate() + timedelta(days=90)
    decisions.set_revision_due_date(user=cast.handling_editor, submission_id=submission.pk, revision_due=new_due)
    submission.refresh_from_db()
    assert submission.revision_due == new_due
    event = submission.events.get(action=Event.Action.DUE_DATE_SET)
    assert event.data["to"] == new_due.isoformat()


def test_a_due_date_for_a_submission_not_awaiting_revision_is_refused(cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    with pytest.raises(WrongState):
        decisions.set_revision_due_date(
            user=cast.managing_editor, submission_id=submission.pk, revision_due=timezone.localdate() + timedelta(5)
        )


@pytest.mark.parametrize(
    ("state", "reopened"), [(State.DESK_REJECTED, State.SUBMITTED), (State.REJECTED, State.UNDER_REVIEW)]
)
def test_a_rejection_can_be_reopened(cast, state, reopened):
    submission = submission_in(cast, state)
    decisions.reopen_submission(user=cast.managing_editor, submission_id=submission.pk, note="Appeal upheld")
    submission.refresh_from_db()
    assert submission.state == reopened
    assert submission.events.filter(to_state=reopened, note="Appeal upheld").exists()


def test_only_a_rejection_can_be_reopened(cast):
    submission = submission_in(cast, State.ACCEPTED)
    with pytest.raises(WrongState, match="Only a rejected submission"):
        decisions.reopen_submission(user=cast.managing_editor, submission_id=submission.pk)


def test_internal_notes_are_recorded_for_editors_and_refused_to_authors(cast):
    submission = submission_in(cast, State.SUBMITTED)
    decisions.add_internal_note(user=cast.handling_editor, submission_id=submission.pk, text="Check plagiarism.")
    assert submission.events.get(action=Event.Action.NOTE).note == "Check plagiarism."
    with pytest.raises(PermissionDenied):
        decisions.add_internal_note(user=cast.author, submission_id=submission.pk, text="Let me in")


# --- Assignment and the roles -----------------------------------------------------------------------------


def test_a_section_editor_sees_a_submission_once_assigned_to_it(cast):
    submission = submission_in(cast, State.SUBMITTED)
    assert submission.handling_editor == cast.handling_editor.person
    assert permissions.can_manage(cast.handling_editor, submission)
    unassigned = submissions.submit_submission(user=cast.author, submission_id=ready_draft(cast, title="B").pk)
    assert not permissions.can_manage(cast.handling_editor, unassigned)
    assert permissions.can_manage(cast.managing_editor, unassigned)
    assert not permissions.can_manage(cast.other_editor, unassigned)


def test_assigning_tells_the_new_editor_and_records_who_it_was_before(cast):
    submission = submission_in(cast, State.SUBMITTED)
    assignments.assign_handling_editor(
        user=cast.managing_editor, submission_id=submission.pk, editor_person_id=cast.managing_editor.person.pk
    )
    event = submission.events.filter(action=Event.Action.ASSIGNED).last()
    assert event.note == "Handling editor: Maria Manager (was Hugo Handler)"
    assert OutgoingEmail.objects.filter(kind="editor_assigned", to="managing@example.org").exists()


def test_only_the_journals_editors_can_be_assigned_and_only_by_a_managing_editor(cast):
    submission = submission_in(cast, State.SUBMITTED)
    with pytest.raises(ValidationError) as excinfo:
        assignments.assign_handling_editor(
            user=cast.managing_editor, submission_id=submission.pk, editor_person_id=cast.other_editor.person.pk
        )
    assert "editor" in excinfo.value.message_dict
    with pytest.raises(PermissionDenied):
        assignments.assign_handling_editor(
            user=cast.handling_editor, submission_id=submission.pk, editor_person_id=cast.handling_editor.person.pk
        )


def test_an_editor_who_authored_a_manuscript_cannot_handle_or_decide_it(cast):
    Role.objects.create(person=cast.author.person, journal=cast.journal, kind=Role.Kind.MANAGING_EDITOR)
    submission = submission_in(cast, State.UNDER_REVIEW)
    permissions.forget_standing(cast.author)
    assert not permissions.can_manage(cast.author, submission)
    with pytest.raises(PermissionDenied):
        decisions.record_decision(user=cast.author, submission_id=submission.pk, kind="accept")
    with pytest.raises(ValidationError, match="cannot handle it"):
        assignments.assign_handling_editor(
            user=cast.managing_editor, submission_id=submission.pk, editor_person_id=cast.author.person.pk
        )


# --- E-mail after commit -------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tasks_in_process")
def test_email_is_sent_only_after_the_decision_commits(cast, mailoutbox):
    submission = submission_in(cast, State.UNDER_REVIEW)
    mailoutbox.clear()
    with transaction.atomic():
        decisions.record_decision(user=cast.managing_editor, submission_id=submission.pk, kind="accept")
        assert OutgoingEmail.objects.filter(kind="decision").count() == 1
        assert mailoutbox == []  # still inside the transaction
    assert [message.to for message in mailoutbox] == [["author@example.org"]]
    email = OutgoingEmail.objects.get(kind="decision")
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)
    assert OutboxTask.objects.get(args=[email.pk]).state == OutboxTask.State.DONE


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tasks_in_process")
def test_no_email_is_recorded_or_sent_when_the_transaction_rolls_back(cast, mailoutbox):
    draft = ready_draft(cast)

    def submit_then_fail() -> None:
        with transaction.atomic():
            submissions.submit_submission(user=cast.author, submission_id=draft.pk)
            assert OutgoingEmail.objects.count() == 2
            raise RuntimeError("something later in the request failed")

    with pytest.raises(RuntimeError):
        submit_then_fail()
    assert mailoutbox == []
    assert not OutgoingEmail.objects.exists()
    assert not OutboxTask.objects.exists()
    assert Submission.objects.get(pk=draft.pk).state == State.DRAFT


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("redis_worker")
def test_a_worker_on_redis_delivers_the_decision_letter_and_records_it_as_sent(cast, mailoutbox):
    submission = submission_in(cast, State.UNDER_REVIEW)
    decisions.record_decision(
        user=cast.managing_editor, submission_id=submission.pk, kind="reject", letter="Dear Anna, not for us."
    )
    email = OutgoingEmail.objects.get(submission=submission, kind="decision")

    def delivered() -> bool:
        email.refresh_from_db()
        return email.status == OutgoingEmail.Status.SENT

    assert eventually(delivered), f"not sent within {WORKER_WAIT_SECONDS} s: {email}"
    assert email.sent_at is not None
    assert any(message.body.startswith("Dear Anna, not for us.") for message in mailoutbox)
