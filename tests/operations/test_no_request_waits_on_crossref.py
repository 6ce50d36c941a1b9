"""No request waits on Crossref (issue 17): with both Crossref stand-ins taking 5 s to answer, an
author's submission, an editor's publication, "deposit now" and "check references" are answered
without a single request reaching either stand-in; what each needs from Crossref is an outbox row,
and a worker carries it out afterwards, against the same slow stand-ins.

How fast the answers come is measured in bench/no_wait_on_crossref.py; here is what must hold for
them to be fast, whatever the machine.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from crossref_standin.deposit import DepositStandIn
from crossref_standin.rest import CrossrefStandIn
from editorial.bibliography.parser import parse_reference_list
from editorial.models import DepositBatch, DoiRegistration, OutboxTask, Reference, ReferenceCheck, Submission
from editorial.outbox import task_names
from editorial.workflow import State
from tests.support.client import messages_of
from tests.support.factories import SubmissionFactory, UserFactory, published_article
from tests.support.production_fixtures import in_production
from tests.support.references import MAILTO, work
from tests.support.standin import STANDIN_LOGIN, STANDIN_PASSWORD, point_deposits_at
from tests.support.workers import eventually
from tests.support.workflow_fixtures import ready_draft

LATENCY = 5.0  # seconds before each stand-in answers anything
DOI = "10.48015/2076-7404-2021-13-3-75-111"
REFERENCES = "\n".join(
    [
        "1. Snyder G. H. 1991. Alliances, balance, and stability. International Organization, vol. 45. "
        "DOI: 10.5555/ok.",
        "2. Buzan B. 2003. Regions and powers: The structure of security. Cambridge, CUP.",
    ]
)
# Two HTTP exchanges a deposit needs (upload, result) and one look-up per reference, at 5 s each,
# one task at a time in the test worker, with room to spare.
WORK_SECONDS = 120


@dataclass
class SlowCrossref:
    deposits: DepositStandIn
    rest: CrossrefStandIn

    def asked(self) -> list[str]:
        """Every request either stand-in has received, answered yet or not."""
        with self.deposits.lock:
            deposit_requests = [f"deposit {method} {path}" for method, path in self.deposits.received]
        return deposit_requests + [f"REST GET {request.path}" for request in self.rest.requests]


@pytest.fixture
def slow_crossref(settings):
    """Both stand-ins, 5 s before every answer, and the site pointed at them. The timeouts are
    longer than the latency, so the worker (and any request that did call Crossref) gets its answer."""
    deposits = DepositStandIn(login_id=STANDIN_LOGIN, password=STANDIN_PASSWORD, latency=LATENCY)
    rest = CrossrefStandIn(latency=LATENCY)
    rest.add_record(
        work("10.5555/ok", "Alliances, balance, and stability", "Snyder", 1991, "International Organization")
    )
    rest.add_record(work("10.5555/regions", "Regions and Powers: The Structure of Security", "Buzan", 2003))
    point_deposits_at(settings, deposits.url, http_timeout=3 * LATENCY)
    settings.CROSSREF_API_URL = rest.url
    settings.CROSSREF_MAILTO = MAILTO
    settings.CROSSREF_REST_TIMEOUT = 3 * LATENCY
    settings.CROSSREF_REST_RETRIES = 1
    with deposits, rest:
        yield SlowCrossref(deposits=deposits, rest=rest)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def outbox_rows_of(post):
    """Make the request; the response and the outbox rows it recorded (task name, arguments)."""
    before = set(OutboxTask.objects.values_list("pk", flat=True))
    response = post()
    recorded = OutboxTask.objects.exclude(pk__in=before).values_list("task_name", "args")
    return response, [(name, list(args)) for name, args in recorded]


# --- The four actions, as their users make them --------------------------------------------------


def author_submits_with_references(client, cast) -> tuple[object, list, Submission]:
    """The author pastes the reference list on the draft's references step, then submits."""
    draft = ready_draft(cast, title="Alliances under a slow Crossref")
    client.force_login(cast.author)
    pasted = client.post(reverse("draft-step", args=[draft.pk, "references"]), {"action": "paste", "text": REFERENCES})
    assert pasted.status_code == 302
    response, recorded = outbox_rows_of(lambda: client.post(reverse("draft-step", args=[draft.pk, "submit"])))
    return response, recorded, draft


def editor_publishes(client, cast, crew) -> tuple[object, list, object]:
    submission, article = in_production(cast, crew)
    client.force_login(cast.managing_editor)
    response, recorded = outbox_rows_of(
        lambda: client.post(reverse("production-step", args=[submission.pk, "publish"]), {})
    )
    return response, recorded, article


def deposit_now_in_the_admin(client, admin_user, article) -> tuple[object, list]:
    """The admin's "Deposit the DOIs of the selected articles with Crossref now" action."""
    client.force_login(admin_user)
    return outbox_rows_of(
        lambda: client.post(
            reverse("admin:editorial_article_changelist"),
            {"action": "deposit_articles", "_selected_action": [article.pk]},
        )
    )


def editor_checks_references(client, editor, submission) -> tuple[object, list]:
    """The "Check the references again" button on the reference check report."""
    client.force_login(editor)
    report = reverse("reference-check-report", args=[submission.pk])
    return outbox_rows_of(lambda: client.post(reverse("reference-check-run", args=[submission.pk]), {"next": report}))


def submission_with_references(cast) -> Submission:
    """A submitted manuscript with a reference list and no check yet."""
    submission = SubmissionFactory(journal=cast.journal, submitter=cast.author, state=State.SUBMITTED)
    Reference.objects.bulk_create(
        Reference(submission=submission, position=ref.position, raw_text=ref.raw_text, doi=ref.doi)
        for ref in parse_reference_list(REFERENCES)
    )
    return submission


# --- Answered without asking Crossref --------------------------------------------------------------
#
# Transactional, so that what a request does when its transaction commits (handing the outbox rows
# to the broker) happens inside the request, as it does on the server. No worker runs: whatever
# reaches a stand-in here was sent by the request itself.

without_a_worker = pytest.mark.django_db(transaction=True)


@without_a_worker
def test_submitting_with_references_asks_crossref_nothing_and_queues_the_reference_check(client, cast, slow_crossref):
    response, recorded, submission = author_submits_with_references(client, cast)

    assert response.status_code == 302
    assert response["Location"] == reverse("author-submission", args=[submission.pk])
    assert Submission.objects.get(pk=submission.pk).state == State.SUBMITTED
    assert slow_crossref.asked() == []
    check = ReferenceCheck.objects.get(submission=submission)
    assert check.state == ReferenceCheck.State.QUEUED
    assert (task_names.RUN_REFERENCE_CHECK, [check.pk]) in recorded


@without_a_worker
def test_publishing_asks_crossref_nothing_and_queues_the_doi_deposit(client, cast, crew, slow_crossref):
    response, recorded, article = editor_publishes(client, cast, crew)

    assert response.status_code == 302
    assert "Published." in messages_of(response)
    assert slow_crossref.asked() == []
    batch = DepositBatch.objects.get(records__registration__article=article)
    assert (batch.reason, batch.state) == (DepositBatch.Reason.PUBLICATION, DepositBatch.State.QUEUED)
    assert DoiRegistration.objects.get(article=article).state == "queued"
    assert (task_names.SEND_DEPOSIT, [batch.pk]) in recorded


@without_a_worker
def test_deposit_now_asks_crossref_nothing_and_queues_the_deposit(client, admin_user, slow_crossref):
    article = published_article(doi=DOI)

    response, recorded = deposit_now_in_the_admin(client, admin_user, article)

    assert response.status_code == 302
    batch = DepositBatch.objects.get()
    [message] = messages_of(response)
    assert message == (
        f"Deposit {batch.batch_id}: Queued. "
        "A worker sends it to Crossref; this page shows its state when you reload it."
    )
    assert slow_crossref.asked() == []
    assert (batch.reason, batch.state) == (DepositBatch.Reason.MANUAL, DepositBatch.State.QUEUED)
    assert recorded == [(task_names.SEND_DEPOSIT, [batch.pk])]


@without_a_worker
def test_check_references_asks_crossref_nothing_and_queues_the_check(client, cast, slow_crossref):
    submission = submission_with_references(cast)

    response, recorded = editor_checks_references(client, cast.managing_editor, submission)

    assert response.status_code == 302
    check = ReferenceCheck.objects.get(submission=submission)
    assert messages_of(response) == [f"Reference check #{check.pk} is waiting to run."]
    assert slow_crossref.asked() == []
    assert recorded == [(task_names.RUN_REFERENCE_CHECK, [check.pk])]


# --- The queued work is done afterwards, by a worker, against the same slow Crossref ---------------


@pytest.mark.redis
def test_a_worker_carries_out_what_the_four_requests_queued_against_the_slow_crossref(
    client, cast, crew, admin_user, slow_crossref, redis_worker
):
    submitted, _, manuscript = author_submits_with_references(client, cast)
    published, _, article = editor_publishes(client, cast, crew)
    deposited, _ = deposit_now_in_the_admin(client, admin_user, article)
    to_check = submission_with_references(cast)
    checked, _ = editor_checks_references(client, cast.managing_editor, to_check)
    assert [r.status_code for r in (submitted, published, deposited, checked)] == [302, 302, 302, 302]

    batches = DepositBatch.objects.filter(records__registration__article=article)
    assert sorted(batches.values_list("reason", flat=True)) == ["manual", "publication"]
    assert eventually(lambda: set(batches.values_list("state", flat=True)) == {"completed"}, WORK_SECONDS), list(
        batches.values_list("state", "message")
    )
    registration = DoiRegistration.objects.get(article=article)
    assert registration.state == "registered"
    assert registration.message in ("Successfully added", "Successfully updated")  # Crossref's words, from the stand-in
    uploads = [s for s in slow_crossref.deposits.submissions if article.doi in s.dois]
    assert sorted(s.batch_id for s in uploads) == sorted(batches.values_list("batch_id", flat=True))

    checks = ReferenceCheck.objects.filter(submission__in=[manuscript, to_check])
    assert eventually(lambda: set(checks.values_list("state", flat=True)) == {"done"}, WORK_SECONDS), list(
        checks.values_list("state", "error")
    )
    for check in checks:
        assert dict(check.results.values_list("position", "status"))[1] == "ok", check.summary
    assert "REST GET /works/10.5555/ok" in slow_crossref.asked()

    assert eventually(lambda: not OutboxTask.objects.exclude(state="done").exists(), WORK_SECONDS), list(
        OutboxTask.objects.exclude(state="done").values_list("task_name", "state", "last_error")
    )
