"""What every production service shares: the publication record, the start of production, the
event on the timeline, and the e-mail of each step."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from editorial import workflow
from editorial.errors import WrongState
from editorial.journals.models import Person
from editorial.production.models import Article
from editorial.submissions.models import Event, Submission
from editorial.submissions.services import emails
from editorial.submissions.services.common import record_event
from editorial.workflow import State

WORKING_STATES = (State.IN_PRODUCTION, State.SCHEDULED)


def ensure_article(submission: Submission) -> Article:
    """The publication record of an accepted submission, made on first need (not public until published)."""
    article, _ = Article.objects.select_for_update().get_or_create(
        submission=submission, defaults={"section_id": submission.section_id}
    )
    return article


def start_production(submission: Submission, user) -> None:
    """An accepted submission enters production with its first production step."""
    if submission.state == State.ACCEPTED:
        workflow.transition(submission, to=State.IN_PRODUCTION, by=user, note="Production started")


def ensure_in_production(submission: Submission, what: str, *, states=WORKING_STATES) -> None:
    if submission.state not in states:
        raise WrongState(
            f"{what} only while the article is in production; this submission is "
            f"{submission.get_state_display().lower()}.",
            current=submission.state,
        )


def production_event(submission: Submission, *, actor, step: str, note: str, **data) -> Event:
    return record_event(submission, actor=actor, action=Event.Action.PRODUCTION, note=note, data={"step": step, **data})


def production_url(submission: Submission) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("production-page", args=[submission.pk])


def notify(template: str, recipients, submission: Submission, **extra) -> None:
    """One e-mail per recipient from templates/email/<template>, queued in the outbox."""
    emails._send(template, recipients, submission, production_url=production_url(submission), **extra)


def person_addresses(person: Person | None) -> list[str]:
    return [person.email] if person is not None and person.email else []
