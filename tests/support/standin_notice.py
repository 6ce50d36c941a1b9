"""The Crossref stand-in's notes: what the pages say, and the steps that take a deposit through the
stand-in, shared by the page and browser tests of tests/deposits/ (and the fixtures in its conftest)."""

from django.urls import reverse

from editorial.deposits import services as deposits
from editorial.models import DepositBatch, DoiRegistration, Reference
from tests.support.production_fixtures import in_production

# Hosts that are never this machine; .invalid never resolves, so nothing here can reach Crossref.
ELSEWHERE = {
    "CROSSREF_DEPOSIT_URL": "https://test.crossref.invalid",
    "CROSSREF_PRODUCTION_DEPOSIT_URL": "https://doi.crossref.invalid",
    "CROSSREF_API_URL": "https://api.crossref.invalid",
}
CITED_DOI = "10.5555/alliances"


DOI_NOTE = (
    "Demo: these DOI states come from the Crossref stand-in running on this machine, not from Crossref. "
    "Nothing was sent to Crossref."
)
REFERENCE_NOTE = (
    "Demo: references are checked against the Crossref stand-in running on this machine, "
    "not against Crossref's metadata."
)


def published(client, cast, crew):
    """Published from the production panel, as an editor does: its DOI's deposit is queued."""
    submission, article = in_production(cast, crew)
    Reference.objects.create(submission=submission, position=1, raw_text="Snyder G. H. 1991. Alliances.", doi=CITED_DOI)
    client.force_login(cast.managing_editor)
    client.post(reverse("production-step", args=[submission.pk, "publish"]))
    assert DoiRegistration.objects.get(article=article).state == "queued"
    return submission, article


def next_step(batch) -> str:
    """One step of what the worker does: send the batch, then ask for its result."""
    batch.refresh_from_db()
    if batch.state == "queued":
        return deposits.send_batch(batch_id=batch.pk)
    DepositBatch.objects.filter(pk=batch.pk).update(last_checked_at=None)
    return deposits.check_batch(batch_id=batch.pk)
