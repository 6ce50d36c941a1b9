"""The interchange world: a published Russian article with everything the formats carry, and the
JATS files a typesetter hands in (kept under tests/interop/files/)."""

from __future__ import annotations

import datetime
from pathlib import Path

from editorial.models import Affiliation, Contributor, Event, Reference, Section
from editorial.workflow import State
from tests.support.factories import ArticleFactory, IssueFactory, JournalFactory, SubmissionFactory

JATS_FILES = Path(__file__).resolve().parents[1] / "interop" / "files"
HANDWRITTEN = JATS_FILES / "handwritten-ru.xml"


def russian_article(*, journal=None, doi="10.48015/2076-7404-2021-13-3-75-111", **fields):
    """A published article in Russian with an English translation, two authors, a section and references."""
    journal = journal or JournalFactory(
        title="Вестник", title_en="Lomonosov Journal", issn_online="2500-0047", publisher="MSU", slug="vestnik"
    )
    section = Section.objects.create(journal=journal, title="Political theory")
    issue = IssueFactory(journal=journal, volume=13, number="3", year=2021)
    submission = SubmissionFactory(
        journal=journal,
        section=section,
        language="ru",
        title="Союзы и их <i>недовольные</i>",
        title_en="Alliances and their <i>discontents</i>",
        abstract="Первый абзац.\n\nВторой абзац.",
        abstract_en="<p>First <i>paragraph</i>.</p><p>Second paragraph.</p>",
        keywords=["союзы", "безопасность"],
        keywords_en=["alliances", "security"],
        submitted_at=datetime.datetime(2021, 3, 1, 10, 0, tzinfo=datetime.UTC),
        state=State.PUBLISHED,
    )
    first = Contributor.objects.create(
        submission=submission,
        position=1,
        given_names="Алексей Н.",
        family_name="Королёв",
        given_names_en="Alexey N.",
        family_name_en="Korolev",
        orcid="0000-0002-1825-0097",
        email="korolev@example.org",
        is_corresponding=True,
    )
    Affiliation.objects.create(
        contributor=first, institution="MSU", department="Faculty of World Politics", address="Moscow", country="RU"
    )
    Contributor.objects.create(submission=submission, position=2, given_names="Jane", family_name="Doe")
    Reference.objects.create(
        submission=submission, position=1, raw_text="Walt S. Alliances. 1987. doi:10.1000/xyz1", doi="10.1000/xyz1"
    )
    Reference.objects.create(submission=submission, position=2, raw_text="Snyder G. Alliance Politics. 1997.")
    Reference.objects.create(submission=submission, position=3, raw_text="Waltz K. Theory. 1979.", doi="10.1000/w79")
    Event.objects.create(submission=submission, action=Event.Action.IMPORTED, data={"accepted_on": "2021-06-01"})
    values = {
        "issue": issue,
        "section": section,
        "doi": doi,
        "published_on": datetime.date(2021, 9, 30),
        "first_page": "75",
        "last_page": "111",
    } | fields
    return ArticleFactory(submission=submission, **values)
