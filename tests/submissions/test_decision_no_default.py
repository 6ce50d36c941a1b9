"""No decision is pre-selected: the editor's page and the decision page start with none chosen, and
recording without one is refused with nothing saved."""

import pytest
from django.urls import reverse

from editorial.models import Decision, Submission
from editorial.workflow import State
from tests.support.workflow_fixtures import submission_in

pytestmark = pytest.mark.django_db


def test_the_decision_menu_on_the_editors_page_starts_with_no_decision(client, cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    client.force_login(cast.handling_editor)
    page = client.get(reverse("editor-submission", args=[submission.pk])).content.decode()
    menu = page[page.index('<select id="decision-kind"') :]
    menu = menu[: menu.index("</select>")]
    assert '<option value="">Choose a decision</option>' in menu
    assert "selected" not in menu


def test_drafting_without_a_decision_assumes_none_and_drafts_no_acceptance(client, cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    client.force_login(cast.handling_editor)
    response = client.get(reverse("editor-decide", args=[submission.pk]), {"decision": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["decision"] == ""
    assert form.initial["letter"] == ""
    assert "No decision is chosen yet" in response.content.decode()


def test_recording_without_a_decision_is_refused_and_nothing_is_saved(client, cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    client.force_login(cast.handling_editor)
    response = client.post(
        reverse("editor-decide", args=[submission.pk]),
        {"decision": "", "subject": "Your manuscript", "letter": "Dear author", "send": "1"},
    )
    assert response.status_code == 200
    assert "Choose the decision: accept, minor revision, major revision or reject." in response.content.decode()
    assert not Decision.objects.exists()
    assert Submission.objects.get(pk=submission.pk).state == State.UNDER_REVIEW
