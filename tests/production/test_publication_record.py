"""The publication record: the DOI from the journal's pattern (never changed once registered), the
pre-publication checklist, and scheduled publishing that publishes each article once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from editorial.demo.loader import load_demo
from editorial.journals import doi_pattern
from editorial.models import Article, ArticleVersion, DepositBatch, Event, OutgoingEmail
from editorial.production.services import publication
from editorial.workflow import State
from tests.support.api import api_for
from tests.support.production_fixtures import in_production

DEMO_DOI = "10.48015/2076-7404-2021-13-3-75-111"


@pytest.mark.django_db
def test_the_demo_journals_pattern_gives_the_demo_doi_from_the_demo_metadata():
    article = load_demo().article
    article = Article.objects.select_related("submission__journal", "issue").get(pk=article.pk)
    assert article.submission.journal.doi_suffix_pattern == "{issn}-{year}-{volume}-{issue}-{first_page}-{last_page}"
    assert doi_pattern.mint(article) == DEMO_DOI == article.doi


def test_a_pattern_missing_values_names_them():
    with pytest.raises(doi_pattern.PatternIncomplete) as caught:
        doi_pattern.fill("{issn}-{year}-{first_page}", {"issn": "2076-7404", "year": 2021, "first_page": ""})
    assert caught.value.missing == ["first page"]


def test_the_record_mints_the_doi_once_pages_are_set(cast, crew):
    submission, article = in_production(cast, crew, pages=False)
    assert article.doi == ""
    publication.set_publication_record(
        user=cast.managing_editor,
        submission_id=submission.pk,
        issue_id=crew.issue.pk,
        section_id=None,
        first_page="75",
        last_page="111",
    )
    assert Article.objects.get(pk=article.pk).doi == DEMO_DOI


def test_an_editor_may_set_the_doi_by_hand_before_registration_but_never_after(cast, crew):
    submission, article = in_production(cast, crew)
    record = {"issue_id": crew.issue.pk, "section_id": None, "first_page": "75", "last_page": "111"}
    publication.set_publication_record(
        user=cast.managing_editor, submission_id=submission.pk, doi="10.48015/jws.2021.75", **record
    )
    assert Article.objects.get(pk=article.pk).doi == "10.48015/jws.2021.75"
    publication.publish(user=cast.managing_editor, submission_id=submission.pk)
    assert DepositBatch.objects.filter(records__doi="10.48015/jws.2021.75").count() == 1
    response = api_for(cast.managing_editor).put(
        f"/api/production/{submission.pk}/record/",
        {"issue": crew.issue.pk, "first_page": "75", "last_page": "111", "doi": "10.48015/other"},
        format="json",
    )
    assert response.status_code == 409  # a published record is no longer edited here
    assert Article.objects.get(pk=article.pk).doi == "10.48015/jws.2021.75"


def test_a_doi_already_taken_is_refused(cast, crew):
    in_production(cast, crew, title="First")
    second, _ = in_production(cast, crew, title="Second", pages=False)
    response = api_for(cast.managing_editor).put(
        f"/api/production/{second.pk}/record/",
        {"issue": crew.issue.pk, "first_page": "75", "last_page": "111"},
        format="json",
    )
    assert response.status_code == 400
    assert "already has the DOI" in response.json()["doi"][0]


def test_the_checklist_blocks_publishing_an_article_without_pages(cast, crew):
    submission, article = in_production(cast, crew, pages=False)
    events = Event.objects.filter(submission=submission).count()
    response = api_for(cast.managing_editor).post(f"/api/production/{submission.pk}/publish/", {}, format="json")
    assert response.status_code == 400
    assert "Set the pages or an article number" in response.json()["checklist"][0]
    submission.refresh_from_db()
    assert submission.state == State.IN_PRODUCTION
    assert Article.objects.get(pk=article.pk).status == Article.Status.SCHEDULED
    assert Event.objects.filter(submission=submission).count() == events
    checklist = api_for(cast.managing_editor).get(f"/api/production/{submission.pk}/").json()["checklist"]
    assert [item["key"] for item in checklist if not item["ok"]] == ["pages"]


def test_an_editor_may_override_the_checklist_with_a_reason(cast, crew):
    submission, article = in_production(cast, crew, pages=False)
    reason = "Continuous publication: pages are assigned when the issue closes."
    response = api_for(cast.managing_editor).post(
        f"/api/production/{submission.pk}/publish/", {"override_reason": reason}, format="json"
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.status, article.checklist_override_reason) == (Article.Status.PUBLISHED, reason)
    assert Event.objects.filter(submission=submission, note__contains=reason).exists()


def test_the_scheduled_task_run_twice_publishes_once(cast, crew):
    submission, article = in_production(cast, crew)
    when = timezone.now() + datetime.timedelta(minutes=30)
    publication.publish(user=cast.managing_editor, submission_id=submission.pk, publish_at=when)
    later = when + datetime.timedelta(seconds=1)
    assert publication.publish_due(now=later) == [article.pk]
    assert publication.publish_due(now=later) == []
    assert ArticleVersion.objects.filter(article=article).count() == 1
    assert DepositBatch.objects.filter(records__doi=DEMO_DOI).count() == 1
    transitions = Event.objects.filter(submission=submission, to_state=State.PUBLISHED).count()
    assert transitions == 1


def test_publishing_a_published_article_again_is_a_conflict(cast, crew):
    submission, _ = in_production(cast, crew)
    editor = api_for(cast.managing_editor)
    assert editor.post(f"/api/production/{submission.pk}/publish/", {}, format="json").status_code == 200
    again = editor.post(f"/api/production/{submission.pk}/publish/", {}, format="json")
    assert again.status_code == 409


def test_unscheduling_returns_the_article_to_production(cast, crew):
    submission, _ = in_production(cast, crew)
    publication.publish(
        user=cast.managing_editor, submission_id=submission.pk, publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    publication.unschedule(user=cast.managing_editor, submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.state == State.IN_PRODUCTION
    assert publication.publish_due(now=timezone.now() + datetime.timedelta(days=2)) == []


def test_pages_must_run_forward(cast, crew):
    submission, _ = in_production(cast, crew)
    with pytest.raises(ValidationError) as caught:
        publication.set_publication_record(
            user=cast.managing_editor,
            submission_id=submission.pk,
            issue_id=crew.issue.pk,
            section_id=None,
            first_page="111",
            last_page="75",
        )
    assert "last page comes after the first" in str(caught.value)


def test_a_scheduled_article_that_no_longer_passes_the_checklist_is_held_back_once(cast, crew):
    submission, article = in_production(cast, crew)
    when = timezone.now() + datetime.timedelta(minutes=30)
    publication.publish(user=cast.managing_editor, submission_id=submission.pk, publish_at=when)
    cast.journal.license_url = ""
    cast.journal.save()
    later = when + datetime.timedelta(minutes=1)
    assert publication.publish_due(now=later) == []
    assert publication.publish_due(now=later) == []
    submission.refresh_from_db()
    assert submission.state == State.IN_PRODUCTION
    assert Article.objects.get(pk=article.pk).status == Article.Status.SCHEDULED  # not public
    held = Event.objects.filter(
        submission=submission, action=Event.Action.TRANSITION, note__startswith="Not published at the scheduled time"
    )
    assert held.count() == 1
    assert "licence" in held.get().note
    assert OutgoingEmail.objects.filter(kind="publication_held_back", to=cast.managing_editor.email).count() == 1


def test_an_overridden_checklist_is_not_held_back_at_the_scheduled_time(cast, crew):
    submission, article = in_production(cast, crew, pages=False)
    when = timezone.now() + datetime.timedelta(minutes=30)
    publication.publish(
        user=cast.managing_editor, submission_id=submission.pk, publish_at=when, override_reason="Pages come later."
    )
    assert publication.publish_due(now=when + datetime.timedelta(minutes=1)) == [article.pk]
