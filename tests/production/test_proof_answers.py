"""The author's answer on proofs and on the copyedit is what they chose: nothing is pre-selected, no
choice is a form error with nothing saved, and the author's submission page shows the answer."""

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Copyedit, ProofRound
from editorial.production.services import copyediting, proofs
from tests.support.production_fixtures import in_production
from tests.support.workflow_fixtures import make_docx, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_proofs(cast, crew):
    submission, _ = in_production(cast, crew)
    proofs.send_proofs(user=cast.managing_editor, submission_id=submission.pk)
    return submission


def answer(client, submission, data):
    return client.post(reverse("production-step", args=[submission.pk, "answer-proofs"]), data, follow=True)


def test_the_proof_form_has_no_answer_chosen_on_load(client, cast, sent_proofs):
    client.force_login(cast.author)
    page = client.get(reverse("production-page", args=[sent_proofs.pk])).content.decode()
    assert 'value="approve"' in page
    assert "checked" not in page


def test_sending_the_proof_form_without_a_choice_is_an_error_and_saves_nothing(client, cast, sent_proofs):
    client.force_login(cast.author)
    response = answer(client, sent_proofs, {"corrections": ""})
    assert "Choose whether you approve the proofs or send corrections." in response.content.decode()
    round_ = ProofRound.objects.get(article__submission=sent_proofs)
    assert round_.state == ProofRound.State.SENT
    assert round_.answered_at is None


def test_approving_the_proofs_is_recorded_and_shown_on_the_authors_page(client, cast, sent_proofs):
    client.force_login(cast.author)
    before = client.get(reverse("author-submission", args=[sent_proofs.pk])).content.decode()
    assert "waiting for your answer" in before
    answer(client, sent_proofs, {"outcome": "approve", "corrections": ""})
    round_ = ProofRound.objects.get(article__submission=sent_proofs)
    assert round_.state == ProofRound.State.APPROVED
    page = client.get(reverse("author-submission", args=[sent_proofs.pk])).content.decode()
    today = timezone.localtime(round_.answered_at).strftime("%-d %B %Y")
    assert "<strong>you approved the proofs</strong> on <time datetime=" in page
    assert f">{today}</time>" in page


def test_sending_proof_corrections_is_shown_on_the_authors_page(client, cast, sent_proofs):
    client.force_login(cast.author)
    answer(client, sent_proofs, {"outcome": "corrections", "corrections": "p. 3, line 4: Centrall -> Central"})
    page = client.get(reverse("author-submission", args=[sent_proofs.pk])).content.decode()
    assert "<strong>you sent corrections</strong>" in page
    assert "p. 3, line 4: Centrall -&gt; Central" in page


def test_the_copyedit_answer_has_no_default_and_no_choice_saves_nothing(client, cast, crew):
    submission, _ = in_production(cast, crew)
    copyedit = Copyedit.objects.get(submission=submission)
    copyediting.upload_copyedit(user=crew.copyeditor, copyedit_id=copyedit.pk, upload=upload(make_docx(), "ce.docx"))
    client.force_login(cast.author)
    page = client.get(reverse("production-page", args=[submission.pk])).content.decode()
    assert 'value="accept"' in page
    assert "checked" not in page
    response = client.post(
        reverse("production-step", args=[submission.pk, "review-copyedit"]), {"copyedit": copyedit.pk}, follow=True
    )
    assert "Choose whether you accept the copyedit or send corrections." in response.content.decode()
    assert Copyedit.objects.get(pk=copyedit.pk).state == Copyedit.State.EDITED
