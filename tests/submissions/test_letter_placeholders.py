"""A decision letter still holding a blank of its template ("because [reason]") is not sent: the
editor is told which blank is left, through the page and the API, and nothing is recorded."""

from __future__ import annotations

from django.urls import reverse

from editorial.models import Decision, LetterTemplate, OutgoingEmail, Submission
from editorial.workflow import State
from tests.support.api import api_for
from tests.support.workflow_fixtures import submission_in


def _nothing_recorded(submission, state) -> None:
    assert Submission.objects.get(pk=submission.pk).state == state
    assert not Decision.objects.filter(submission=submission).exists()
    assert not OutgoingEmail.objects.filter(submission=submission, kind__in=["decision", "revision_request"]).exists()


def test_the_drafted_desk_rejection_sent_unchanged_is_refused_naming_the_blank(client, cast):
    submission = submission_in(cast, State.SUBMITTED)
    client.force_login(cast.managing_editor)
    url = reverse("editor-desk-reject", args=[submission.pk])
    drafted = client.get(url).context["form"].initial
    assert "[reason]" in drafted["letter"]
    response = client.post(url, drafted)
    assert response.status_code == 200
    assert "[reason]" in " ".join(response.context["form"].errors["letter"])
    assert "still holds [reason]" in response.content.decode()
    _nothing_recorded(submission, State.SUBMITTED)


def test_the_desk_rejection_with_the_blank_filled_in_is_sent(client, cast):
    submission = submission_in(cast, State.SUBMITTED)
    client.force_login(cast.managing_editor)
    url = reverse("editor-desk-reject", args=[submission.pk])
    drafted = client.get(url).context["form"].initial
    filled = drafted | {"letter": drafted["letter"].replace("[reason]", "it is outside the journal's scope")}
    client.post(url, filled)
    assert Submission.objects.get(pk=submission.pk).state == State.DESK_REJECTED
    assert "because it is outside the journal's scope." in Decision.objects.get(submission=submission).letter


def test_a_journal_template_blank_left_in_a_decision_letter_is_refused_on_the_page(client, cast):
    LetterTemplate.objects.create(
        journal=cast.journal,
        kind="major_revision",
        subject="Major revision of #{submission_id}",
        body="Dear {author_name},\n\nPlease revise [Main concern, in one sentence] by {due_date}.\n\n{editor_name}",
    )
    submission = submission_in(cast, State.UNDER_REVIEW)
    client.force_login(cast.managing_editor)
    url = reverse("editor-decide", args=[submission.pk])
    drafted = client.get(url, {"decision": "major_revision"}).context["form"]
    data = {name: value for name, value in drafted.initial.items() if value is not None}
    data |= {"decision": "major_revision", "subject": drafted.initial.get("subject") or "Major revision"}
    assert "[Main concern, in one sentence]" in data["letter"]
    data.pop("revision_due", None)
    response = client.post(url, data)
    assert "[Main concern, in one sentence]" in " ".join(response.context["form"].errors["letter"])
    _nothing_recorded(submission, State.UNDER_REVIEW)


def test_the_api_refuses_a_desk_rejection_without_a_letter_as_the_drafted_one_has_a_blank(cast):
    submission = submission_in(cast, State.SUBMITTED)
    response = api_for(cast.managing_editor).post(
        f"/api/submissions/{submission.pk}/screen/", {"outcome": "desk_reject"}, format="json"
    )
    assert response.status_code == 400
    assert "[reason]" in " ".join(response.json()["letter"])
    _nothing_recorded(submission, State.SUBMITTED)


def test_the_api_refuses_a_decision_whose_subject_or_letter_holds_a_blank(cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    response = api_for(cast.managing_editor).post(
        f"/api/submissions/{submission.pk}/decide/",
        {"decision": "reject", "subject": "Decision on [title]", "letter": "We reject it because [reason]."},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "[title]" in " ".join(body["subject"])
    assert "[reason]" in " ".join(body["letter"])
    _nothing_recorded(submission, State.UNDER_REVIEW)
