"""E-mail is plain text: every e-mail the system has reaches the reader with ``&``, quotes and ``<``
as typed, never HTML-escaped, and it is rendered one way only (``mail.render.render_email``)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from editorial.mail import catalogue, render
from editorial.models import OutgoingEmail, Person
from editorial.submissions.services import decisions, emails, submissions
from tests.support.workflow_fixtures import ready_draft, submission_in

HOSTILE = "War & Peace \"Review\" 'Quarterly' <x>"
ESCAPES = ("&amp;", "&quot;", "&#x27;", "&#39;", "&lt;", "&gt;")
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
EVERY_EMAIL = sorted(path.stem for path in TEMPLATES.glob("*/email/*.txt") if not path.stem.endswith("_subject"))
# Each e-mail this file covers; a new template without a line here fails the first test.
COVERED = {
    "account_account_already_exists", "account_email_confirmation", "account_email_confirmation_signup",
    "account_password_reset_key", "account_unknown_account",
    "article_corrected", "article_published", "article_retracted", "copyedit_accepted", "copyedit_assigned",
    "copyedit_corrections", "copyedit_review", "decision", "editor_assigned", "proofs_answered", "proofs_ready",
    "publication_held_back", "review_accepted", "review_cancelled", "review_due_date", "review_invitation",
    "review_receipt", "review_reminder_due_soon", "review_reminder_long_overdue", "review_reminder_overdue",
    "review_response_notice", "review_submitted_notice", "revision_notice", "revision_receipt", "revision_request",
    "submission_notice", "submission_receipt", "withdrawal_notice",
}  # fmt: skip
_TAG = re.compile(r"{[{%](.*?)[}%]}", re.S)
_NAME = re.compile(r"(?<![\w.|:])([A-Za-z_]\w*)")
_DATE = re.compile(r"(_date|_on|_at|_due|^due)$")
_NOT_VARIABLES = {"if", "for", "in", "not", "and", "or", "else", "elif", "endif", "endfor", "forloop", "with", "as"}


class Hostile(str):
    """A value whose every attribute is the hostile text again (a reviewer, a decision, proofs...)."""

    def __new__(cls):
        return super().__new__(cls, HOSTILE)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if _DATE.search(name):
            return datetime.date(2026, 12, 24)
        return Hostile()


def _variables(template: str) -> set[str]:
    names: set[str] = set()
    for suffix in (".txt", "_subject.txt"):
        source = (TEMPLATES / f"{catalogue.template_base(template)}{suffix}").read_text()
        for tag in _TAG.findall(source):
            names |= set(_NAME.findall(re.sub(r"\"[^\"]*\"|'[^']*'", "", tag)))
    return names - _NOT_VARIABLES


@pytest.fixture
def hostile_submission(cast):
    cast.journal.title = cast.journal.title_en = HOSTILE
    cast.journal.save()
    for user in (cast.author, cast.managing_editor, cast.handling_editor):
        Person.objects.filter(user=user).update(given_names=HOSTILE, family_name=HOSTILE)
    draft = ready_draft(cast, title=HOSTILE)
    draft.contributors.update(given_names=HOSTILE, family_name=HOSTILE)
    return draft


def _assert_plain(email: OutgoingEmail) -> None:
    for text in (email.subject, email.body):
        assert not any(escape in text for escape in ESCAPES), text
    assert HOSTILE in email.subject + email.body, email.body


def test_every_email_template_is_covered_here():
    assert set(EVERY_EMAIL) == COVERED


@pytest.mark.parametrize("template", EVERY_EMAIL)
def test_each_email_keeps_ampersands_quotes_and_angle_brackets_as_typed(hostile_submission, template):
    context = {name: Hostile() for name in _variables(template)}
    context |= {"submission": hostile_submission, "journal": hostile_submission.journal}
    emails.queue_rendered(template, ["someone@example.org"], hostile_submission, context)
    email = OutgoingEmail.objects.get(kind=template)
    _assert_plain(email)
    assert HOSTILE in email.body


def test_submitting_sends_receipt_and_notice_with_the_title_as_typed(hostile_submission, cast, mailoutbox):
    submissions.submit_submission(user=cast.author, submission_id=hostile_submission.pk)
    sent = OutgoingEmail.objects.filter(kind__in=["submission_receipt", "submission_notice"])
    assert sent.count() >= 2
    for email in sent:
        _assert_plain(email)


def test_a_desk_rejection_reaches_the_author_with_the_letter_as_typed(cast):
    cast.journal.title = HOSTILE
    cast.journal.save()
    submission = submission_in(cast, "submitted", title=HOSTILE)
    decisions.desk_reject(user=cast.managing_editor, submission_id=submission.pk, letter=f"Dear author, {HOSTILE}.")
    email = OutgoingEmail.objects.get(kind="decision")
    _assert_plain(email)
    assert f"Dear author, {HOSTILE}." in email.body


def test_a_template_cannot_turn_escaping_back_on(tmp_path, monkeypatch):
    monkeypatch.setitem(catalogue.kinds(), "sneaky", "elsewhere/email/sneaky")
    (tmp_path / "elsewhere" / "email").mkdir(parents=True)
    (tmp_path / "elsewhere" / "email" / "sneaky.txt").write_text("{% autoescape on %}{{ title }}{% endautoescape %}")
    (tmp_path / "elsewhere" / "email" / "sneaky_subject.txt").write_text("{{ title|escape }}")
    engine = render._plain_text_engine()
    engine.dirs = [*engine.dirs, str(tmp_path)]
    try:
        with pytest.raises(ImproperlyConfigured, match="plain-text e-mail"):
            render.render_email("sneaky", {"title": HOSTILE})
    finally:
        render._plain_text_engine.cache_clear()


def test_every_email_kind_is_found_in_its_domains_template_folder():
    kinds = catalogue.kinds()
    assert set(kinds) == set(COVERED)
    assert kinds["review_reminder_overdue"] == "review/email/review_reminder_overdue"
    assert kinds["submission_receipt"] == "submissions/email/submission_receipt"
    with pytest.raises(catalogue.UnknownEmail, match="review_reminder_overdoo"):
        catalogue.template_base("review_reminder_overdoo")


def test_a_review_invitation_reaches_the_reviewer_with_names_and_title_as_typed(cast):
    from editorial.review.services import reviews

    cast.journal.title = HOSTILE
    cast.journal.save()
    submission = submission_in(cast, "under_review", title=HOSTILE)
    reviews.invite_reviewer(
        user=cast.managing_editor,
        submission_id=submission.pk,
        email="reviewer@example.org",
        given_names=HOSTILE,
        family_name=HOSTILE,
    )
    email = OutgoingEmail.objects.get(kind="review_invitation", to="reviewer@example.org")
    _assert_plain(email)
    assert f"Dear {HOSTILE} {HOSTILE}," in email.body
