"""The submission state machine: one table, every move an event, illegal moves refused."""

import pytest

from editorial import workflow
from editorial.errors import IllegalTransition
from editorial.models import Event
from editorial.workflow import TRANSITIONS, State
from tests.support.factories import SubmissionFactory, UserFactory


def test_every_state_has_a_row_in_the_transition_table():
    assert set(TRANSITIONS) == set(State.values)
    for targets in TRANSITIONS.values():
        assert targets <= set(State.values)


def test_published_and_withdrawn_are_final():
    assert TRANSITIONS[State.PUBLISHED] == frozenset()
    assert TRANSITIONS[State.WITHDRAWN] == frozenset()


@pytest.mark.django_db
def test_the_path_from_draft_to_published_records_one_event_per_move():
    editor = UserFactory()
    submission = SubmissionFactory()
    path = [State.SUBMITTED, State.UNDER_REVIEW, State.REVISION_REQUESTED, State.RESUBMITTED, State.UNDER_REVIEW]
    path += [State.ACCEPTED, State.IN_PRODUCTION, State.SCHEDULED, State.PUBLISHED]
    for target in path:
        workflow.transition(submission, to=target, by=editor, note=f"to {target}")
    submission.refresh_from_db()
    assert submission.state == State.PUBLISHED
    assert submission.submitted_at is not None
    events = list(Event.objects.filter(submission=submission).order_by("pk"))
    assert [(e.from_state, e.to_state) for e in events] == list(zip([State.DRAFT, *path[:-1]], path, strict=True))
    assert {e.actor for e in events} == {editor}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start_path", "illegal"),
    [
        ([], State.ACCEPTED),
        ([State.SUBMITTED], State.PUBLISHED),
        ([State.SUBMITTED, State.WITHDRAWN], State.SUBMITTED),
        ([State.SUBMITTED, State.UNDER_REVIEW, State.ACCEPTED], State.WITHDRAWN),
    ],
)
def test_an_illegal_move_is_refused_and_changes_nothing(start_path, illegal):
    submission = SubmissionFactory()
    for target in start_path:
        workflow.transition(submission, to=target, by=None)
    events_before = Event.objects.count()
    state_before = submission.state
    with pytest.raises(IllegalTransition) as excinfo:
        workflow.transition(submission, to=illegal, by=None)
    assert excinfo.value.current == state_before
    assert "cannot become" in str(excinfo.value)
    submission.refresh_from_db()
    assert submission.state == state_before
    assert Event.objects.count() == events_before
