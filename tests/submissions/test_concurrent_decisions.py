"""Two editors deciding the same submission at the same moment: exactly one decision is recorded,
the other editor gets 409 with the state the first one left.

Real concurrency needs real row locks, so these run on PostgreSQL only (SQLite serialises whole
transactions and ignores SELECT ... FOR UPDATE). Each editor acts from a thread of its own, with
its own database connection.
"""

import threading

import pytest
from django.db import transaction

from editorial.models import Decision, OutgoingEmail, Submission
from editorial.submissions.services import decisions
from editorial.workflow import State
from tests.support.api import api_for
from tests.support.concurrency import in_thread, wait_until_blocked_on_a_lock
from tests.support.workflow_fixtures import submission_in

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 20


def test_the_second_editor_waits_for_the_first_and_then_gets_409(cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    second_editor = api_for(cast.handling_editor)
    first_has_decided, first_may_commit = threading.Event(), threading.Event()
    results: dict = {}

    def first_editor_accepts():
        with transaction.atomic():
            decisions.record_decision(user=cast.managing_editor, submission_id=submission.pk, kind="accept")
            first_has_decided.set()
            assert first_may_commit.wait(WAIT_SECONDS), "the test never let the first editor commit"
        return "committed"

    def second_editor_rejects():
        return second_editor.post(f"/api/submissions/{submission.pk}/decide/", {"decision": "reject"}, format="json")

    first = in_thread(first_editor_accepts, results, "first")
    assert first_has_decided.wait(WAIT_SECONDS)
    second = in_thread(second_editor_rejects, results, "second")
    wait_until_blocked_on_a_lock(second, results, WAIT_SECONDS)  # the second editor, on the row lock
    first_may_commit.set()
    first.join(WAIT_SECONDS)
    second.join(WAIT_SECONDS)

    assert results["first"] == "committed"
    response = results["second"]
    assert response.status_code == 409, response.json()
    assert response.json()["current_state"] == State.ACCEPTED
    assert response.json()["requested_state"] == State.REJECTED
    assert list(Decision.objects.filter(submission=submission).values_list("kind", flat=True)) == ["accept"]
    assert Submission.objects.get(pk=submission.pk).state == State.ACCEPTED
    assert OutgoingEmail.objects.filter(submission=submission, kind="decision").count() == 1


def test_two_editors_deciding_at_once_record_exactly_one_decision(cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    clients = {"accept": api_for(cast.managing_editor), "reject": api_for(cast.handling_editor)}
    start = threading.Barrier(2, timeout=WAIT_SECONDS)
    results: dict = {}

    def decide(kind):
        def call():
            start.wait()
            return clients[kind].post(f"/api/submissions/{submission.pk}/decide/", {"decision": kind}, format="json")

        return call

    threads = [in_thread(decide(kind), results, kind) for kind in clients]
    for thread in threads:
        thread.join(WAIT_SECONDS)

    codes = sorted(results[kind].status_code for kind in clients)
    assert codes == [200, 409], {kind: results[kind].json() for kind in clients}
    winner = next(kind for kind in clients if results[kind].status_code == 200)
    loser = next(kind for kind in clients if results[kind].status_code == 409)
    final_state = Submission.objects.get(pk=submission.pk).state
    assert final_state == (State.ACCEPTED if winner == "accept" else State.REJECTED)
    assert results[loser].json()["current_state"] == final_state
    assert list(Decision.objects.filter(submission=submission).values_list("kind", flat=True)) == [winner]
