"""Author proofs: the author gets a link to the approved galleys (a signed preview link) and
approves them or lists corrections; the editor sees each round on the submission page."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from editorial import permissions
from editorial.errors import WrongState
from editorial.production.models import ProofRound
from editorial.production.preview import preview_url
from editorial.production.services.common import ensure_article, ensure_in_production, notify, production_event
from editorial.submissions.services import emails
from editorial.submissions.services.common import lock_submission


@transaction.atomic
def send_proofs(*, user, submission_id: int) -> ProofRound:
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    ensure_in_production(submission, "Proofs can be sent")
    article = ensure_article(submission)
    if not article.galleys.filter(is_approved=True, retired_in_version__isnull=True).exists():
        raise ValidationError(
            {"galleys": "Approve at least one galley before sending proofs: they are what the author reads."}
        )
    if article.proof_rounds.filter(state=ProofRound.State.SENT).exists():
        raise WrongState("The author has not answered the proofs already sent.", current=submission.state)
    number = (article.proof_rounds.aggregate(last=Max("number"))["last"] or 0) + 1
    proofs = ProofRound.objects.create(article=article, number=number, sent_by=user)
    production_event(submission, actor=user, step="proofs_sent", note=f"Proofs (round {number}) sent to the author")
    link = settings.SITE_URL.rstrip("/") + preview_url(article)
    notify("proofs_ready", emails.author_addresses(submission), submission, proofs=proofs, proofs_url=link)
    return proofs


@transaction.atomic
def answer_proofs(*, user, submission_id: int, approve: bool, corrections: str = "") -> ProofRound:
    submission = lock_submission(submission_id)
    permissions.ensure_author(user, submission)
    proofs = (
        ProofRound.objects.select_for_update()
        .filter(article__submission=submission, state=ProofRound.State.SENT)
        .order_by("-number")
        .first()
    )
    if proofs is None:
        raise WrongState("There are no proofs waiting for your answer.", current=submission.state)
    if not approve and not corrections.strip():
        raise ValidationError({"corrections": "List the corrections, one per line, with the page and line."})
    proofs.state = ProofRound.State.APPROVED if approve else ProofRound.State.CORRECTIONS
    proofs.corrections = "" if approve else corrections.strip()
    proofs.answered_at = timezone.now()
    proofs.save(update_fields=["state", "corrections", "answered_at"])
    note = "Author approved the proofs" if approve else f"Author's proof corrections: {proofs.corrections}"
    production_event(submission, actor=user, step=f"proofs_{proofs.state}", note=note, round=proofs.number)
    notify("proofs_answered", emails.editor_addresses(submission), submission, proofs=proofs)
    return proofs
