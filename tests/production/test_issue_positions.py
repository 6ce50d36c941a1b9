"""An article's place in its issue: unique in the issue, or (not set) after the placed ones by first
page; a place another article holds is refused, on the editor's panel and through the API."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from editorial.models import Article
from editorial.production.services import copyediting, publication
from editorial.production.services import galleys as galley_uploads
from editorial.workflow import State
from tests.support.api import api_for
from tests.support.production_fixtures import due_in, pdf_galley
from tests.support.workflow_fixtures import submission_in


def _in_production(cast, crew, title: str):
    submission = submission_in(cast, State.ACCEPTED, title=title)
    editor = cast.managing_editor
    copyediting.assign_copyeditor(
        user=editor, submission_id=submission.pk, copyeditor_person_id=crew.copyeditor.person.pk, due_on=due_in(7)
    )
    galley = galley_uploads.upload_galley(user=editor, submission_id=submission.pk, upload=pdf_galley(), label="PDF")
    galley_uploads.approve_galley(user=editor, galley_id=galley.pk, primary=True)
    return submission


def _record(cast, crew, submission, first_page: str, **position):
    return publication.set_publication_record(
        user=cast.managing_editor,
        submission_id=submission.pk,
        issue_id=crew.issue.pk,
        section_id=cast.section.pk,
        first_page=first_page,
        last_page=str(int(first_page) + 9),
        **position,
    )


def _publish(cast, submission):
    publication.publish(user=cast.managing_editor, submission_id=submission.pk, override_reason="Read on paper.")


def _contents(client, crew) -> list[str]:
    page = client.get(reverse("issue", args=[crew.issue.journal.slug, crew.issue.pk]))
    assert page.status_code == 200
    return [t for t in re.findall(r"<a [^>]*>([^<]+)</a>", page.content.decode()) if t.startswith("On ")]


def test_a_new_article_without_a_position_goes_after_the_placed_ones(cast, crew, client):
    first = _in_production(cast, crew, "On the first article")
    _record(cast, crew, first, "75", position_in_issue=1)
    _publish(cast, first)
    newcomer = _in_production(cast, crew, "On a newcomer")
    _record(cast, crew, newcomer, "1")  # an earlier first page, but no position
    _publish(cast, newcomer)
    assert Article.objects.get(submission=newcomer).position_in_issue is None
    assert _contents(client, crew) == ["On the first article", "On a newcomer"]


def test_without_positions_the_contents_follow_the_first_pages_as_numbers(cast, crew, client):
    for title, first_page in (("On page seventy-five", "75"), ("On page nine", "9"), ("On page one", "1")):
        submission = _in_production(cast, crew, title)
        _record(cast, crew, submission, first_page)
        _publish(cast, submission)
    assert _contents(client, crew) == ["On page one", "On page nine", "On page seventy-five"]


def test_the_panel_refuses_a_position_another_article_holds(cast, crew, client):
    holder = _in_production(cast, crew, "On the holder")
    _record(cast, crew, holder, "75", position_in_issue=1)
    other = _in_production(cast, crew, "On another")
    _record(cast, crew, other, "90")
    client.force_login(cast.managing_editor)
    url = reverse("production-step", args=[other.pk, "record"])
    record = {"issue": crew.issue.pk, "section": cast.section.pk, "first_page": "13", "last_page": "20"}
    page = client.post(url, {**record, "position_in_issue": 1}, follow=True)
    text = page.content.decode()
    assert "Position 1 in" in text
    assert "is already taken by &#8220;On the holder&#8221;" in text or "already taken by “On the holder”" in text
    assert "the first free one is 2" in text
    article = Article.objects.get(submission=other)
    assert (article.position_in_issue, article.first_page) == (None, "90")  # nothing half-saved
    client.post(url, {**record, "position_in_issue": 2})
    assert Article.objects.get(submission=other).position_in_issue == 2


def test_the_api_refuses_a_position_another_article_holds_with_400(cast, crew):
    holder = _in_production(cast, crew, "On the holder")
    _record(cast, crew, holder, "75", position_in_issue=1)
    _publish(cast, holder)
    other = _in_production(cast, crew, "On another")
    editor = api_for(cast.managing_editor)
    record = {"issue": crew.issue.pk, "first_page": "13", "last_page": "20"}
    response = editor.put(f"/api/production/{other.pk}/record/", {**record, "position_in_issue": 1}, format="json")
    assert response.status_code == 400
    (message,) = response.json()["position_in_issue"]
    assert "already taken by “On the holder”" in message
    response = editor.put(f"/api/production/{other.pk}/record/", {**record, "position_in_issue": 3}, format="json")
    assert response.status_code == 200, response.data
    # Leaving the position out keeps it; null clears it.
    response = editor.put(f"/api/production/{other.pk}/record/", record, format="json")
    assert Article.objects.get(submission=other).position_in_issue == 3
    editor.put(f"/api/production/{other.pk}/record/", {**record, "position_in_issue": None}, format="json")
    assert Article.objects.get(submission=other).position_in_issue is None


def test_the_database_refuses_two_articles_in_one_place(cast, crew):
    holder = _in_production(cast, crew, "On the holder")
    _record(cast, crew, holder, "75", position_in_issue=1)
    other = Article.objects.get(submission=_in_production(cast, crew, "On another"))
    other.issue, other.position_in_issue = crew.issue, 1
    with pytest.raises(ValidationError, match="already has this position"):
        other.validate_constraints()
