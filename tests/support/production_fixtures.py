"""Production's people and files: a copyeditor and a typesetter for the cast's journal, an issue
to publish in, and real galley files of each kind."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser

from editorial.models import Issue, Role
from tests.support.factories import IssueFactory
from tests.support.workflow_fixtures import _person_with_user, _role, make_pdf, upload

HTML_GALLEY = b"<!DOCTYPE html>\n<html lang='en'><head><title>Alliances</title></head><body><p>Text</p></body></html>"
JATS_GALLEY = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.3" article-type="research-article">'
    b"<front><article-meta><title-group><article-title>Alliances</article-title></title-group></article-meta>"
    b"</front></article>"
)


@dataclass
class Crew:
    copyeditor: AbstractUser
    typesetter: AbstractUser
    issue: Issue


@pytest.fixture
def crew(cast) -> Crew:
    journal = cast.journal
    journal.license_url = "https://creativecommons.org/licenses/by/4.0/"
    journal.save()
    copyeditor = _person_with_user("copyeditor", "Cora", "Copyedit")
    typesetter = _person_with_user("typesetter", "Tom", "Typeset")
    _role(copyeditor, journal, Role.Kind.COPYEDITOR)
    _role(typesetter, journal, Role.Kind.TYPESETTER)
    issue = IssueFactory(journal=journal, volume=13, number="3", year=2021, is_published=False, publication_date=None)
    return Crew(copyeditor=copyeditor, typesetter=typesetter, issue=issue)


def pdf_galley(text: str = "Typeset article"):
    return upload(make_pdf(text), "article.pdf")


def html_galley():
    return upload(HTML_GALLEY, "article.html")


def jats_galley():
    return upload(JATS_GALLEY, "article.xml")


def due_in(days: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=days)


def in_production(cast, crew, *, pages: bool = True, title: str = "Alliances and their discontents"):
    """An accepted submission taken through the production services to a complete record."""
    from editorial.models import Article
    from editorial.production.services import copyediting, publication
    from editorial.production.services import galleys as galley_uploads
    from tests.support.workflow_fixtures import submission_in

    submission = submission_in(cast, "accepted", title=title)
    editor = cast.managing_editor
    copyediting.assign_copyeditor(
        user=editor, submission_id=submission.pk, copyeditor_person_id=crew.copyeditor.person.pk, due_on=due_in(7)
    )
    galley = galley_uploads.upload_galley(user=editor, submission_id=submission.pk, upload=pdf_galley(), label="PDF")
    galley_uploads.approve_galley(user=editor, galley_id=galley.pk, primary=True)
    publication.set_publication_record(
        user=editor,
        submission_id=submission.pk,
        issue_id=crew.issue.pk,
        section_id=cast.section.pk,
        first_page="75" if pages else "",
        last_page="111" if pages else "",
    )
    submission.refresh_from_db()
    return submission, Article.objects.get(submission=submission)
