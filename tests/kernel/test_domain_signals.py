"""Lower domains tell higher ones by signal (submissions -> references and production, production ->
deposits); each domain's receivers are connected at start-up and act inside the sender's transaction.

No test imports a receivers module itself: importing it would connect its receivers and hide a
missing import in ``EditorialConfig.ready``.
"""

import pytest

from editorial.models import Article, DepositBatch, OutboxTask, ReferenceCheck, Submission
from editorial.production import signals as production_signals
from editorial.production.services import publication, versions
from editorial.submissions import signals as submission_signals
from editorial.submissions.services import submissions
from editorial.workflow import State
from tests.support.production_fixtures import in_production
from tests.support.workflow_fixtures import ready_draft, submission_in


def test_an_accepted_manuscript_has_its_unpublished_publication_record_at_once(cast):
    submission = submission_in(cast, State.ACCEPTED)
    article = Article.objects.get(submission=submission)
    assert not article.is_public
    assert article.section_id == cast.section.pk


def test_a_submission_whose_reference_check_cannot_be_requested_is_not_submitted_at_all(cast):
    """The references domain's receiver runs in the submit transaction: its failure undoes the submission."""
    draft = ready_draft(cast)

    def fail(sender, **kwargs):
        raise RuntimeError("reference check refused")

    submission_signals.references_ready.connect(fail, dispatch_uid="test.fail")
    try:
        with pytest.raises(RuntimeError, match="reference check refused"):
            submissions.submit_submission(user=cast.author, submission_id=draft.pk)
    finally:
        submission_signals.references_ready.disconnect(dispatch_uid="test.fail")
    assert Submission.objects.get(pk=draft.pk).state == State.DRAFT
    assert not ReferenceCheck.objects.filter(submission=draft).exists()
    assert not OutboxTask.objects.filter(task_name="editorial.run_reference_check").exists()


def test_submitting_requests_the_reference_check_through_the_references_receiver(cast):
    draft = ready_draft(cast)
    submissions.submit_submission(user=cast.author, submission_id=draft.pk)
    check = ReferenceCheck.objects.get(submission=draft)
    assert (check.reason, check.requested_by) == (ReferenceCheck.Reason.SUBMISSION, cast.author)


def test_publishing_queues_the_doi_deposit_through_the_deposits_receiver(cast, crew):
    submission, article = in_production(cast, crew)
    publication.publish(user=cast.managing_editor, submission_id=submission.pk)
    batch = DepositBatch.objects.get(records__registration__article=article)
    assert (batch.reason, batch.requested_by) == (DepositBatch.Reason.PUBLICATION, cast.managing_editor)
    assert OutboxTask.objects.filter(task_name="editorial.send_deposit", args=[batch.pk]).exists()


def test_a_retraction_is_deposited_again_even_when_the_metadata_crossref_has_is_unchanged(cast, crew):
    submission, article = in_production(cast, crew)
    publication.publish(user=cast.managing_editor, submission_id=submission.pk)
    assert deposits_for_changed_metadata(article, cast.managing_editor, always=False) == [None]
    versions.retract_article(user=cast.managing_editor, submission_id=submission.pk, notice="Retracted: data error.")
    reasons = list(DepositBatch.objects.order_by("pk").values_list("reason", flat=True))
    assert reasons == [DepositBatch.Reason.PUBLICATION, DepositBatch.Reason.METADATA_CHANGE]


def deposits_for_changed_metadata(article, user, *, always):
    """What the receivers of ``article_metadata_changed`` answer, as an admin edit would send it."""
    replies = production_signals.article_metadata_changed.send(
        sender=Article, article_id=article.pk, user=user, always=always
    )
    return [reply for _receiver, reply in replies]


def test_a_metadata_change_with_always_deposits_again_and_without_it_only_when_crossref_differs(cast, crew):
    submission, article = in_production(cast, crew)
    publication.publish(user=cast.managing_editor, submission_id=submission.pk)
    editor = cast.managing_editor
    assert deposits_for_changed_metadata(article, editor, always=False) == [None]
    [batch] = deposits_for_changed_metadata(article, editor, always=True)
    assert (batch.reason, batch.requested_by) == (DepositBatch.Reason.METADATA_CHANGE, editor)
    Article.objects.filter(pk=article.pk).update(last_page="112")
    [batch] = deposits_for_changed_metadata(article, editor, always=False)
    assert batch.reason == DepositBatch.Reason.METADATA_CHANGE
    assert DepositBatch.objects.filter(reason=DepositBatch.Reason.METADATA_CHANGE).count() == 2
