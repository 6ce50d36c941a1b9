"""A draft changed through the API goes through one service, update_draft: what is not given keeps
its value, and a refused part leaves the whole change unsaved."""

import pytest
from django.core.exceptions import ValidationError

from editorial.models import Submission
from editorial.submissions.services import submissions
from tests.support.workflow_fixtures import ready_draft


def test_update_draft_changes_only_what_it_is_given(cast):
    draft = ready_draft(cast)
    before = Submission.objects.get(pk=draft.pk)

    submissions.update_draft(user=cast.author, submission_id=draft.pk, title="A new title")

    after = Submission.objects.get(pk=draft.pk)
    assert after.title == "A new title"
    assert (after.abstract, after.keywords, after.section_id) == (before.abstract, before.keywords, before.section_id)
    assert after.originality_declared == before.originality_declared


def test_a_refused_declaration_leaves_the_new_title_unsaved_too(cast):
    draft = ready_draft(cast)
    with pytest.raises(ValidationError) as refused:
        submissions.update_draft(
            user=cast.author,
            submission_id=draft.pk,
            title="A title that must not stick",
            no_competing_interests=True,
            competing_interests="I own shares.",
        )
    assert "competing_interests" in refused.value.message_dict
    assert Submission.objects.get(pk=draft.pk).title == "Alliances and their discontents"


def test_an_unknown_field_is_a_programming_error_not_a_silent_no_op(cast):
    draft = ready_draft(cast)
    with pytest.raises(TypeError, match="state"):
        submissions.update_draft(user=cast.author, submission_id=draft.pk, state="published")


def test_the_api_creates_a_draft_with_its_metadata_in_one_go_or_not_at_all(cast):
    from tests.support.api import api_for

    api = api_for(cast.author)
    metadata = {"journal": cast.journal.pk, "language": "en", "title": "Kept", "abstract": "What we found."}
    count = Submission.objects.count()
    refused = api.post(
        "/api/submissions/",
        {**metadata, "no_competing_interests": True, "competing_interests": "Shares"},
        format="json",
    )
    assert refused.status_code == 400, refused.json()
    assert Submission.objects.count() == count
    created = api.post("/api/submissions/", metadata, format="json")
    assert created.status_code == 201, created.json()
    assert Submission.objects.get(pk=created.json()["id"]).title == "Kept"
