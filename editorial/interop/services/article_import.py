"""Creating or updating a published article from an ``ImportedArticle`` (a JATS file, a Crossref record).

How a journal brings its back catalogue over, and how a typesetter's corrected JATS replaces the
record. The journal is found by ISSN, the article by DOI (a file without a DOI always makes a new
article). Everything happens in one transaction: any problem, in any field, leaves nothing behind.
A new article's submission walks the workflow to "published", one recorded transition per step,
followed by an "imported" event that keeps the source, the acceptance date and what was not mapped.
An update of an article whose DOI was deposited from here is deposited again when what Crossref has
changed; a new import deposits nothing (a back catalogue's DOIs were registered where it came from,
and "deposit now" points them here when the editor is ready).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q

from editorial import permissions, workflow
from editorial.bibliography.parser import parse_reference
from editorial.deposits import services as deposits
from editorial.interop.record import ImportedArticle, ImportedContributor, ImportRejected
from editorial.journals.models import Issue, Journal, Section
from editorial.production.models import Article
from editorial.richtext import clean
from editorial.submissions.models import Affiliation, Contributor, Event, Reference, Submission
from editorial.submissions.services.common import record_event
from editorial.workflow import State


@dataclass
class ImportResult:
    article: Article
    created: bool
    unmapped: list[str] = field(default_factory=list)


def journal_for_issns(issns: list[str]) -> Journal:
    journal = Journal.objects.filter(Q(issn_print__in=issns) | Q(issn_online__in=issns)).order_by("pk").first()
    if journal is None:
        raise ImportRejected(
            f"No journal here has the ISSN {' or '.join(issns)}. Create the journal (or enter its ISSN) first."
        )
    return journal


def import_article(*, user, record: ImportedArticle, source: str) -> ImportResult:
    try:
        with transaction.atomic():
            return _import(user=user, record=record, source=source)
    except IntegrityError as exc:  # two imports of one new DOI at once: the other one won
        raise ImportRejected(
            f"Another import of {record.doi or 'this article'} finished at the same moment; nothing was imported. "
            "Import again to update the article it created."
        ) from exc


def _import(*, user, record: ImportedArticle, source: str) -> ImportResult:
    journal = journal_for_issns(record.issns)
    permissions.ensure_can_import(user, journal)
    article = _existing(record, journal)
    if article is not None:
        permissions.ensure_can_import(user, journal, submission=article.submission)
    created = article is None
    submission = (
        Submission(journal=journal) if created else Submission.objects.select_for_update().get(pk=article.submission_id)
    )
    _fill_submission(submission, record)
    if created:
        article = Article(submission=submission)
    _fill_article(article, record, journal)
    _save(article, "the article")
    _replace_contributors(submission, record.contributors)
    _replace_references(submission, record)
    for state in _path(submission.state, State.PUBLISHED):
        workflow.transition(submission, to=state, by=user, note=f"Imported from {source}")
    record_event(
        submission,
        actor=user,
        action=Event.Action.IMPORTED,
        note=f"{'Created' if created else 'Updated'} from {source}",
        data={
            "source": source,
            "created": created,
            "accepted_on": record.accepted_on.isoformat() if record.accepted_on else "",
            "unmapped": record.unmapped,
        },
    )
    if not created:  # a correction of a registered DOI reaches Crossref (nothing for a DOI never deposited here)
        deposits.redeposit_if_metadata_changed(article_id=article.pk, requested_by=user)
    return ImportResult(article=article, created=created, unmapped=list(record.unmapped))


def _existing(record: ImportedArticle, journal: Journal) -> Article | None:
    if not record.doi:
        return None
    matching = Article.objects.filter(doi__iexact=record.doi).order_by()  # no ordering join: nothing nullable to lock
    article = matching.select_for_update(of=("self",)).select_related("submission").first()
    if article is not None and article.submission.journal_id != journal.pk:
        raise ImportRejected(
            f"The DOI {record.doi} belongs to an article of another journal here; nothing was imported."
        )
    return article


def _save(obj: models.Model, label: str, *, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        details = "; ".join(
            f"{name.replace('_', ' ')}: {' '.join(messages)}" for name, messages in exc.message_dict.items()
        )
        raise ImportRejected(f"In {label}, {details} Nothing was imported.") from exc
    obj.save()


def _fill_submission(submission: Submission, record: ImportedArticle) -> None:
    submission.language = record.language
    submission.title, submission.title_en = clean(record.title), clean(record.title_en)
    submission.abstract, submission.abstract_en = clean(record.abstract), clean(record.abstract_en)
    submission.keywords, submission.keywords_en = record.keywords, record.keywords_en
    submission.section = _section(submission.journal, record.section)
    if record.received_on:
        submission.submitted_at = datetime.datetime.combine(record.received_on, datetime.time(), tzinfo=datetime.UTC)
    _save(submission, "the article's metadata", exclude=["search_document"])


def _section(journal: Journal, title: str) -> Section | None:
    if not title:
        return None
    section = Section.objects.filter(journal=journal, title__iexact=title).first()
    if section is None:
        position = (journal.sections.aggregate(last=Max("position"))["last"] or 0) + 1
        section = Section(journal=journal, title=title[:200], position=position)
        _save(section, f"the section {title!r}")
    return section


def _issue(journal: Journal, record: ImportedArticle) -> Issue | None:
    if not (record.year and record.issue_number):
        return None
    lookup = {"journal": journal, "year": record.year, "volume": record.volume, "number": record.issue_number}
    issue = Issue.objects.filter(**lookup).first()
    if issue is None:
        issue = Issue(**lookup, is_published=True)
        _save(issue, f"the issue {record.volume or ''}({record.issue_number}) of {record.year}")
    return issue


def _fill_article(article: Article, record: ImportedArticle, journal: Journal) -> None:
    issue = _issue(journal, record)
    if article.pk is None or article.issue_id != (issue.pk if issue else None):
        taken = Article.objects.filter(issue=issue).aggregate(last=Max("position_in_issue"))["last"] if issue else 0
        article.position_in_issue = (taken or 0) + 1
    article.issue, article.section = issue, article.submission.section
    article.doi = record.doi
    article.first_page, article.last_page = record.first_page, record.last_page
    article.article_number = record.article_number
    article.published_on = record.published_on or article.published_on
    if article.status == Article.Status.SCHEDULED:
        article.status = Article.Status.PUBLISHED


def _replace_contributors(submission: Submission, contributors: list[ImportedContributor]) -> None:
    submission.contributors.all().delete()
    has_corresponding = False
    for position, entry in enumerate(contributors, start=1):
        is_corresponding = entry.is_corresponding and not has_corresponding  # one per submission
        has_corresponding |= is_corresponding
        contributor = Contributor(
            submission=submission,
            position=position,
            role=entry.role,
            given_names=entry.given_names,
            family_name=entry.family_name,
            given_names_en=entry.given_names_en,
            family_name_en=entry.family_name_en,
            email=entry.email,
            orcid=entry.orcid,
            is_corresponding=is_corresponding,
        )
        label = f"author {position} ({entry.family_name or 'no family name'})"
        _save(contributor, label)
        for number, affiliation in enumerate(entry.affiliations, start=1):
            row = Affiliation(contributor=contributor, position=number, **affiliation.__dict__)
            _save(row, f"{label}, affiliation {number}")


def _replace_references(submission: Submission, record: ImportedArticle) -> None:
    submission.references.all().delete()
    for position, entry in enumerate(record.references, start=1):
        values = parse_reference(entry.raw_text, position=position).model_fields()
        values["doi"] = entry.doi or values.get("doi", "")
        reference = Reference(submission=submission, position=position, raw_text=entry.raw_text)
        for name, value in values.items():
            if hasattr(reference, name) and name not in {"raw_text", "position"}:
                setattr(reference, name, value)
        _save(reference, f"reference {position}")


def _path(current: str, target: str) -> list[str]:
    steps = workflow.shortest_path(current, target)
    if steps is None:
        raise ImportRejected(
            f"The article's submission is {current.replace('_', ' ')} and cannot be published; nothing was imported."
        )
    return steps
