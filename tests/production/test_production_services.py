"""Production services' rules: proof rounds, galley approval, copyedit states, versions after
publication. Each refusal says why and leaves nothing half-done."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from editorial.errors import WrongState
from editorial.models import Article, ArticleVersion, Galley, OutgoingEmail, ProofRound
from editorial.production.services import (
    copyediting,
    proofs,
    publication,
)
from editorial.production.services import (
    galleys as galley_uploads,
)
from editorial.production.services import (
    versions as article_versions,
)
from editorial.workflow import State
from tests.support.production_fixtures import due_in, html_galley, in_production
from tests.support.workflow_fixtures import submission_in


def test_proof_corrections_are_shown_to_the_editor_and_a_new_round_can_follow(client, cast, crew):
    submission, article = in_production(cast, crew)
    editor = cast.managing_editor
    proofs.send_proofs(user=editor, submission_id=submission.pk)
    with pytest.raises(WrongState):
        proofs.send_proofs(user=editor, submission_id=submission.pk)
    proofs.answer_proofs(
        user=cast.author, submission_id=submission.pk, approve=False, corrections="p. 77, line 3: Moscow"
    )
    client.force_login(editor)
    panel = client.get(reverse("editor-submission", args=[submission.pk])).content.decode()
    assert "p. 77, line 3: Moscow" in panel
    assert "Author listed corrections" in panel
    second = proofs.send_proofs(user=editor, submission_id=submission.pk)
    assert second.number == 2
    assert list(ProofRound.objects.filter(article=article).values_list("number", "state")) == [
        (1, "corrections"),
        (2, "sent"),
    ]
    assert OutgoingEmail.objects.filter(kind="proofs_ready", to=cast.author.email).count() == 2


def test_corrections_without_a_list_are_refused(cast, crew):
    submission, _ = in_production(cast, crew)
    proofs.send_proofs(user=cast.managing_editor, submission_id=submission.pk)
    with pytest.raises(ValidationError) as caught:
        proofs.answer_proofs(user=cast.author, submission_id=submission.pk, approve=False, corrections=" ")
    assert "List the corrections" in str(caught.value)
    assert ProofRound.objects.get(article__submission=submission).state == ProofRound.State.SENT


def test_proofs_need_an_approved_galley(cast, crew):
    submission = submission_in(cast, State.ACCEPTED)
    copyediting.assign_copyeditor(
        user=cast.managing_editor,
        submission_id=submission.pk,
        copyeditor_person_id=crew.copyeditor.person.pk,
        due_on=due_in(3),
    )
    with pytest.raises(ValidationError) as caught:
        proofs.send_proofs(user=cast.managing_editor, submission_id=submission.pk)
    assert "Approve at least one galley" in str(caught.value)


def test_only_a_pdf_can_be_the_primary_galley_and_there_is_one(cast, crew):
    submission, article = in_production(cast, crew)
    html = galley_uploads.upload_galley(user=crew.typesetter, submission_id=submission.pk, upload=html_galley())
    assert not html.is_approved
    with pytest.raises(ValidationError):
        galley_uploads.approve_galley(user=cast.managing_editor, galley_id=html.pk, primary=True)
    galley_uploads.approve_galley(user=cast.managing_editor, galley_id=html.pk)
    assert Galley.objects.filter(article=article, is_primary=True).count() == 1
    assert Galley.objects.get(pk=html.pk).is_approved


def test_a_copyeditor_must_hold_the_role_in_the_journal(cast, crew):
    submission = submission_in(cast, State.ACCEPTED)
    with pytest.raises(ValidationError) as caught:
        copyediting.assign_copyeditor(
            user=cast.managing_editor,
            submission_id=submission.pk,
            copyeditor_person_id=crew.typesetter.person.pk,
            due_on=due_in(3),
        )
    assert "copyeditors" in str(caught.value)
    submission.refresh_from_db()
    assert submission.state == State.ACCEPTED


def test_a_copyedit_due_today_is_refused(cast, crew):
    submission = submission_in(cast, State.ACCEPTED)
    with pytest.raises(ValidationError):
        copyediting.assign_copyeditor(
            user=cast.managing_editor,
            submission_id=submission.pk,
            copyeditor_person_id=crew.copyeditor.person.pk,
            due_on=due_in(0),
        )


def test_a_correction_without_a_new_galley_keeps_the_galleys_and_adds_a_version(cast, crew):
    submission, article = in_production(cast, crew)
    publication.publish(user=cast.managing_editor, submission_id=submission.pk)
    article_versions.correct_article(user=cast.managing_editor, submission_id=submission.pk, note="Funding added.")
    article.refresh_from_db()
    assert (article.version, article.status, article.notice) == (2, Article.Status.CORRECTED, "Funding added.")
    assert article.galleys.filter(retired_in_version__isnull=True).count() == 1
    snapshots = list(
        ArticleVersion.objects.filter(article=article).order_by("number").values_list("snapshot", flat=True)
    )
    assert snapshots[0]["status"] == "published"
    assert snapshots[1]["notice"] == "Funding added."


def test_a_retracted_article_is_not_corrected_or_retracted_again(cast, crew):
    submission, _ = in_production(cast, crew)
    editor = cast.managing_editor
    publication.publish(user=editor, submission_id=submission.pk)
    article_versions.retract_article(user=editor, submission_id=submission.pk, notice="Plagiarism.")
    with pytest.raises(WrongState):
        article_versions.correct_article(user=editor, submission_id=submission.pk, note="Too late.")
    with pytest.raises(WrongState):
        article_versions.retract_article(user=editor, submission_id=submission.pk, notice="Again.")


def test_a_correction_before_publication_is_a_conflict(cast, crew):
    submission, _ = in_production(cast, crew)
    with pytest.raises(WrongState):
        article_versions.correct_article(user=cast.managing_editor, submission_id=submission.pk, note="Early.")


def test_an_earlier_version_of_an_unpublished_article_is_not_found(client, cast, crew):
    _, article = in_production(cast, crew)
    assert client.get(f"/{cast.journal.slug}/article/{article.pk}/version/1/").status_code == 404
