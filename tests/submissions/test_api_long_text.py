"""The API refuses a title over its limit with the length and the limit, and keeps the draft as it was."""

import pytest

from editorial.models import Submission
from tests.support.api import api_for
from tests.support.workflow_fixtures import ready_draft

pytestmark = pytest.mark.django_db


def test_an_api_title_over_the_limit_is_refused_with_its_length(cast):
    draft = ready_draft(cast)
    response = api_for(cast.author).patch(f"/api/submissions/{draft.pk}/", {"title": "t" * 612}, format="json")
    assert response.status_code == 400
    assert response.json() == {"title": ["Title is 612 characters; the limit is 500. Shorten it."]}
    draft.refresh_from_db()
    assert draft.title == "Alliances and their discontents"


def test_an_api_english_title_over_the_limit_is_refused_on_create(cast):
    response = api_for(cast.author).post(
        "/api/submissions/",
        {"journal": cast.journal.pk, "title": "T", "abstract": "A", "title_en": "e" * 501},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["title_en"] == ["Title in English is 501 characters; the limit is 500. Shorten it."]
    assert not Submission.objects.exists()
