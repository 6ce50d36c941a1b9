"""The production page for a submission that has no manuscript file (an imported article, or one
whose files were removed by hand): the people of production still get the page, without a link."""

import pytest
from django.urls import reverse

from editorial.models import ManuscriptFile
from editorial.production.services import copyediting
from tests.support.production_fixtures import due_in
from tests.support.workflow_fixtures import submission_in

pytestmark = pytest.mark.django_db


def test_copyeditor_gets_the_production_page_of_a_submission_without_a_manuscript(client, cast, crew):
    submission = submission_in(cast, "accepted")
    copyediting.assign_copyeditor(
        user=cast.managing_editor,
        submission_id=submission.pk,
        copyeditor_person_id=crew.copyeditor.person.pk,
        due_on=due_in(7),
    )
    ManuscriptFile.objects.filter(submission=submission).delete()
    client.force_login(crew.copyeditor)
    response = client.get(reverse("production-page", args=[submission.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your copyedit" in page
    assert "No manuscript file is attached to this submission" in page
    assert "/production/files/" not in page


def test_copyeditor_gets_a_link_to_the_newest_manuscript(client, cast, crew):
    submission = submission_in(cast, "accepted")
    copyediting.assign_copyeditor(
        user=cast.managing_editor,
        submission_id=submission.pk,
        copyeditor_person_id=crew.copyeditor.person.pk,
        due_on=due_in(7),
    )
    manuscript = ManuscriptFile.objects.filter(submission=submission, kind="manuscript").get()
    client.force_login(crew.copyeditor)
    page = client.get(reverse("production-page", args=[submission.pk])).content.decode()
    assert reverse("production-file", args=[manuscript.pk]) in page
