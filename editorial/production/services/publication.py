"""The publication record and publishing: issue, section, pages, order, DOI; the pre-publication
checklist; publish now or at a date and time (a periodic task publishes what is due).

A DOI is minted from the journal's suffix pattern until an editor sets one by hand; once a deposit
of it has been requested (at publication at the latest) it never changes again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from editorial import permissions, workflow
from editorial.journals import doi_pattern
from editorial.journals.models import Issue, Section
from editorial.production import signals
from editorial.production.models import Article, ArticleVersion, Galley
from editorial.production.services.common import ensure_article, ensure_in_production, notify, production_event
from editorial.submissions.models import Submission
from editorial.submissions.services import emails
from editorial.submissions.services.common import ensure_can_move, lock_submission
from editorial.validators import normalize_doi, validate_doi
from editorial.workflow import State


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    ok: bool
    detail: str


def publication_checklist(article: Article) -> list[ChecklistItem]:
    """What a published article must have; each missing item blocks publishing unless overridden."""
    submission, journal = article.submission, article.submission.journal
    galleys = [g for g in article.galleys.all() if g.is_approved and g.retired_in_version is None]
    return [
        ChecklistItem("issn", "ISSN", bool(journal.issn), "The journal has no print or online ISSN."),
        ChecklistItem(
            "pages", "Pages", bool(article.first_page or article.article_number), "Set the pages or an article number."
        ),
        ChecklistItem("galley", "Galley", bool(galleys), "Upload and approve at least one galley."),
        ChecklistItem(
            "abstract", "Abstract", bool((submission.abstract or submission.abstract_en).strip()), "Add an abstract."
        ),
        ChecklistItem("licence", "Licence", bool(journal.license_url), "Set the journal's licence URL."),
    ]


def missing_items(article: Article) -> list[ChecklistItem]:
    return [item for item in publication_checklist(article) if not item.ok]


def doi_is_frozen(article: Article, doi: str | None = None) -> bool:
    """Registered (or on its way to Crossref): the DOI is part of the scholarly record."""
    doi = article.doi if doi is None else doi
    return bool(doi) and (
        article.is_public or Article.objects.filter(pk=article.pk, doi_registration__isnull=False).exists()
    )


# --- The record -------------------------------------------------------------------------------------

UNSET = object()


@transaction.atomic
def set_publication_record(
    *,
    user,
    submission_id: int,
    issue_id: int | None,
    section_id: int | None,
    first_page: str = "",
    last_page: str = "",
    article_number: str = "",
    position_in_issue=UNSET,
    doi=UNSET,
) -> Article:
    """``doi``: leave it out to keep the minted (or hand-set) DOI; a value sets it by hand; "" goes
    back to minting from the pattern. ``position_in_issue``: leave it out to keep it (cleared when
    the issue changes); None leaves the article unplaced (after the placed ones, by first page); a
    position another article of the issue holds is refused."""
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    ensure_in_production(submission, "The publication record can be edited")
    article = ensure_article(submission)
    previous_issue_id = article.issue_id
    article.issue = _issue_of(submission, issue_id)
    article.section = _section_of(submission, section_id)
    article.first_page, article.last_page = first_page.strip(), last_page.strip()
    article.article_number = article_number.strip()
    _check_pages(article)
    if position_in_issue is UNSET:
        position_in_issue = article.position_in_issue if article.issue_id == previous_issue_id else None
    article.position_in_issue = _free_position(article, position_in_issue)
    _settle_doi(article, doi)
    article.save()
    production_event(
        submission,
        actor=user,
        step="record_edited",
        note=f"Publication record: {article.issue or 'no issue'}, pages {article.pages or '-'}, "
        f"DOI {article.doi or '-'}",
    )
    return article


def _issue_of(submission: Submission, issue_id: int | None) -> Issue | None:
    if issue_id is None:
        return None
    issue = Issue.objects.filter(pk=issue_id, journal_id=submission.journal_id).first()
    if issue is None:
        raise ValidationError({"issue": "Choose an issue of this journal."})
    return issue


def _free_position(article: Article, position: int | None) -> int | None:
    """The position, if no other article of the issue holds it. The issue is locked so that two
    editors placing two articles at once cannot both take it (the unique constraint is the backstop).

    Refused rather than shifting the others: the record edits one article, and moving articles the
    editor did not touch (some perhaps already published) would be a surprise; the message names the
    holder and the next free place, so the editor decides."""
    if article.issue is None or position is None:
        return None
    if position < 1:
        raise ValidationError({"position_in_issue": "The order in the issue starts at 1."})
    Issue.objects.select_for_update().filter(pk=article.issue_id).first()
    others = Article.objects.filter(issue_id=article.issue_id).exclude(pk=article.pk)
    holder = others.filter(position_in_issue=position).select_related("submission").first()
    if holder is None:
        return position
    taken = set(others.exclude(position_in_issue=None).values_list("position_in_issue", flat=True))
    free = next(n for n in range(1, len(taken) + 2) if n not in taken)
    raise ValidationError(
        {
            "position_in_issue": f"Position {position} in {article.issue} is already taken by "
            f"\u201c{holder.submission.display_title}\u201d. Choose another (the first free one is {free}), "
            "or leave it empty to place the article after the others, by first page."
        }
    )


def _section_of(submission: Submission, section_id: int | None) -> Section | None:
    if section_id is None:
        return None
    section = Section.objects.filter(pk=section_id, journal_id=submission.journal_id).first()
    if section is None:
        raise ValidationError({"section": "Choose a section of this journal."})
    return section


def _check_pages(article: Article) -> None:
    if article.last_page and not article.first_page:
        raise ValidationError({"first_page": "Give the first page as well as the last."})
    numeric = article.first_page.isdigit() and article.last_page.isdigit()
    if numeric and int(article.last_page) < int(article.first_page):
        raise ValidationError({"last_page": "The last page comes after the first."})
    if article.first_page and article.article_number:
        raise ValidationError({"article_number": "Give pages or an article number, not both."})


def _settle_doi(article: Article, requested) -> None:
    previous = Article.objects.filter(pk=article.pk).values_list("doi", flat=True).first() or ""
    frozen = doi_is_frozen(article, previous)
    if requested is not UNSET:
        requested = normalize_doi(requested or "")
        if frozen and requested != previous:
            raise ValidationError({"doi": f"The DOI {previous} is registered and can no longer change."})
        if requested:
            try:
                validate_doi(requested)
            except ValidationError as exc:
                raise ValidationError({"doi": exc.messages}) from exc
            article.doi, article.doi_set_by_hand = requested, True
        else:
            article.doi_set_by_hand = False
    if frozen:
        article.doi = previous
    elif not article.doi_set_by_hand:
        try:
            article.doi = doi_pattern.mint(article)
        except doi_pattern.PatternIncomplete:
            article.doi = ""  # minted once the record has what the pattern needs
    if article.doi and Article.objects.filter(doi__iexact=article.doi).exclude(pk=article.pk).exists():
        raise ValidationError({"doi": f"Another article already has the DOI {article.doi}."})


# --- Publishing -------------------------------------------------------------------------------------


@transaction.atomic
def publish(
    *, user, submission_id: int, publish_at: datetime.datetime | None = None, override_reason: str = ""
) -> Article:
    """Publish now, or schedule for ``publish_at``; a failing checklist needs a reason to override it."""
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    ensure_in_production(submission, "An article can be published")
    article = ensure_article(submission)
    now = timezone.now()
    later = publish_at is not None and publish_at > now
    ensure_can_move(submission, State.SCHEDULED if later and submission.state != State.SCHEDULED else State.PUBLISHED)
    missing = missing_items(article)
    if missing and not override_reason.strip():
        raise ValidationError(
            {
                "checklist": "Not ready to publish: "
                + "; ".join(item.detail for item in missing)
                + " Resolve these, or override the checklist with a reason."
            }
        )
    if missing:
        article.checklist_override_reason = override_reason.strip()
        production_event(
            submission,
            actor=user,
            step="checklist_overridden",
            note=f"Checklist overridden ({', '.join(i.label for i in missing)}): {override_reason.strip()}",
        )
    if later:
        article.scheduled_for = publish_at
        article.save()
        if submission.state != State.SCHEDULED:
            workflow.transition(
                submission, to=State.SCHEDULED, by=user, note=f"Scheduled for {publish_at:%Y-%m-%d %H:%M %Z}"
            )
        production_event(
            submission, actor=user, step="scheduled", note=f"Publication scheduled for {publish_at.isoformat()}"
        )
        return article
    return _publish(article, submission, user)


@transaction.atomic
def unschedule(*, user, submission_id: int) -> Article:
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    workflow.transition(submission, to=State.IN_PRODUCTION, by=user, note="Publication unscheduled")
    article = ensure_article(submission)
    article.scheduled_for = None
    article.save()
    return article


def publish_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Publish every scheduled article whose time has come; each in its own transaction, rechecked
    under the lock, so two runs at once (or one run twice) publish each article once."""
    now = now or timezone.now()
    due = Article.objects.filter(
        status=Article.Status.SCHEDULED, scheduled_for__lte=now, submission__state=State.SCHEDULED
    ).values_list("pk", "submission_id")
    published = []
    for article_id, submission_id in list(due):
        with transaction.atomic():
            submission = lock_submission(submission_id)
            article = Article.objects.select_for_update().get(pk=article_id)
            if submission.state != State.SCHEDULED or article.scheduled_for is None or article.scheduled_for > now:
                continue
            article.submission = submission
            missing = missing_items(article)
            if missing and not article.checklist_override_reason:
                _hold_back(article, submission, missing)
                continue
            _publish(article, submission, None, on=timezone.localdate(article.scheduled_for))
            published.append(article_id)
    return published


def _hold_back(article: Article, submission: Submission, missing: list[ChecklistItem]) -> None:
    """Something the checklist needs went missing after scheduling: back to production, editors told.
    Leaving the scheduled state is what keeps the next run from trying (and telling) again."""
    reasons = "; ".join(item.detail for item in missing)
    workflow.transition(
        submission, to=State.IN_PRODUCTION, by=None, note=f"Not published at the scheduled time: {reasons}"
    )
    article.scheduled_for = None
    article.save()
    notify("publication_held_back", emails.editor_addresses(submission), submission, reasons=reasons)


def _publish(article: Article, submission: Submission, user, *, on: datetime.date | None = None) -> Article:
    if not article.doi and not article.doi_set_by_hand:
        try:
            article.doi = doi_pattern.mint(article)
        except doi_pattern.PatternIncomplete:
            article.doi = ""
    workflow.transition(submission, to=State.PUBLISHED, by=user, note="Published")
    article.status = Article.Status.PUBLISHED
    article.published_on = on or timezone.localdate()
    article.version = 1
    article.save()
    if article.issue_id and not article.issue.is_published:
        issue = Issue.objects.select_for_update().get(pk=article.issue_id)
        issue.is_published = True
        # The issue's date is what its articles are cited by: today only if today is in its year.
        if issue.publication_date is None and article.published_on.year == issue.year:
            issue.publication_date = article.published_on
        issue.save(update_fields=["is_published", "publication_date"])
    ArticleVersion.objects.create(
        article=article, number=1, kind=ArticleVersion.Kind.ORIGINAL, snapshot=snapshot(article), created_by=user
    )
    production_event(submission, actor=user, step="published", note=f"Published on {article.published_on.isoformat()}")
    signals.article_published.send(sender=Article, article_id=article.pk, user=user)  # the DOI deposit
    notify("article_published", emails.author_addresses(submission), submission, article=article)
    return article


def snapshot(article: Article) -> dict:
    """The record as readers see it at this version: enough to render the version's page."""
    submission = article.submission
    issue = article.issue
    galleys = Galley.objects.filter(article=article, is_approved=True, retired_in_version__isnull=True).order_by(
        "position", "pk"
    )
    return {
        "title": submission.display_title,
        "abstract": submission.display_abstract,
        "authors": [c.printed_name for c in submission.contributors.order_by("position")],
        "doi": article.doi,
        "pages": article.pages,
        "issue": {"volume": issue.volume, "number": issue.number, "year": issue.year} if issue else None,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "status": article.status,
        "notice": article.notice,
        "galleys": [{"id": g.pk, "label": g.label, "content_type": g.content_type} for g in galleys],
    }
