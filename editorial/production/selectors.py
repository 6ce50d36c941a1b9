"""Production as the editor's panel, the production page and the API show it: the record, its
checklist, copyedits, galleys, proof rounds and versions, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from editorial import permissions
from editorial.journals.models import Issue, Person, Role, Section
from editorial.production.models import Article, ArticleVersion, Copyedit, Galley, ProofRound
from editorial.production.services.publication import ChecklistItem, doi_is_frozen, publication_checklist
from editorial.submissions.models import Submission
from editorial.workflow import State

NOT_PUBLISHED_YET = "Not published yet"
NOT_REQUESTED = "not_requested"


@dataclass(frozen=True)
class DoiStatus:
    """Where a DOI's registration with Crossref stands, as every page and panel states it."""

    state: str
    label: str
    is_registered: bool = False


def doi_status(registration) -> DoiStatus:
    """The one source of a DOI's state in words. "Registered" comes only from the registration's
    state, which only Crossref's deposit result sets; publishing, or a DOI that can no longer
    change, says nothing about it. No registration: no deposit was asked for yet.

    ``registration`` is the deposits domain's ``DoiRegistration`` (or None), read through what it
    offers (``state``, ``get_state_display()``, ``is_registered``) so production need not import it.
    """
    if registration is None:
        return DoiStatus(NOT_REQUESTED, "Not requested")
    return DoiStatus(registration.state, registration.get_state_display(), registration.is_registered)


def doi_status_of(article: Article) -> DoiStatus:
    """``article``'s DOI status, through the reverse one-to-one ``article.doi_registration`` (a
    missing one raises RelatedObjectDoesNotExist, an AttributeError); select_related("doi_registration")
    spares the query."""
    return doi_status(getattr(article, "doi_registration", None))


@dataclass
class Production:
    submission: Submission
    article: Article | None
    copyedits: list[Copyedit]
    galleys: list[Galley]
    proof_rounds: list[ProofRound]
    versions: list[ArticleVersion]
    checklist: list[ChecklistItem] = field(default_factory=list)
    doi_frozen: bool = False
    doi_status: DoiStatus = field(default_factory=lambda: doi_status(None))

    @property
    def status(self) -> str:
        return publication_status(self.article)

    @property
    def missing(self) -> list[ChecklistItem]:
        return [item for item in self.checklist if not item.ok]

    @property
    def current_copyedit(self) -> Copyedit | None:
        return self.copyedits[-1] if self.copyedits else None

    @property
    def open_proofs(self) -> ProofRound | None:
        return next((p for p in reversed(self.proof_rounds) if p.state == ProofRound.State.SENT), None)

    @property
    def approved_galleys(self) -> list[Galley]:
        return [g for g in self.galleys if g.is_approved and g.retired_in_version is None]


def production_of(submission: Submission) -> Production:
    article = (
        Article.objects.filter(submission=submission)
        .select_related("issue", "section", "doi_registration")
        .prefetch_related(
            Prefetch("galleys", queryset=Galley.objects.order_by("retired_in_version", "position", "pk")),
            Prefetch("proof_rounds", queryset=ProofRound.objects.order_by("number")),
            Prefetch("versions", queryset=ArticleVersion.objects.order_by("number")),
        )
        .first()
    )
    copyedits = list(
        Copyedit.objects.filter(submission=submission).select_related("copyeditor", "edited_file").order_by("pk")
    )
    if article is None:
        return Production(submission, None, copyedits, [], [], [])
    article.submission = submission
    galleys = list(article.galleys.all())
    return Production(
        submission,
        article,
        copyedits,
        galleys,
        list(article.proof_rounds.all()),
        list(article.versions.all()),
        checklist=publication_checklist(article),
        doi_frozen=doi_is_frozen(article),
        doi_status=doi_status_of(article),
    )


def author_proof_rounds(submission: Submission) -> list[ProofRound]:
    """Every round of proofs of the submission, oldest first: what the author was sent and answered."""
    return list(ProofRound.objects.filter(article__submission=submission).order_by("number"))


def publication_status(article: Article | None) -> str:
    """The record's status in words: "Scheduled" only while a publication time is set and the
    submission waits for it (a record not yet published is made with the status "scheduled")."""
    if article is None:
        return NOT_PUBLISHED_YET
    if article.status == Article.Status.SCHEDULED:
        waiting = article.scheduled_for is not None and article.submission.state == State.SCHEDULED
        return article.get_status_display() if waiting else NOT_PUBLISHED_YET
    return article.get_status_display()


def production_submission(*, submission_id: int, user) -> Submission:
    """The submission if the user takes part in its production (404 otherwise)."""
    return get_object_or_404(
        permissions.production_submissions_for(user).select_related("journal", "section", "submitter"),
        pk=submission_id,
    )


def copeditor_queryset(journal_id: int):
    return Person.objects.filter(roles__journal_id=journal_id, roles__kind=Role.Kind.COPYEDITOR).order_by(
        "family_name", "given_names"
    )


def issue_choices(journal_id: int):
    return Issue.objects.filter(journal_id=journal_id)


def section_choices(journal_id: int):
    return Section.objects.filter(journal_id=journal_id)
