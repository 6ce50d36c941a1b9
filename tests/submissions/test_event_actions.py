"""Event actions are a Python enumeration checked on save, not field choices: a domain that adds an
action edits ``Event.Action`` and the schema does not change."""

import pytest

from editorial.models import Event
from tests.support.factories import SubmissionFactory


def test_a_new_event_action_needs_no_migration():
    """What a migration records of the field (its deconstruction) does not name the actions."""
    field = Event._meta.get_field("action")
    assert not field.choices
    assert "choices" not in field.deconstruct()[3]


@pytest.mark.django_db
def test_an_event_shows_its_action_in_words_and_refuses_an_unknown_one():
    submission = SubmissionFactory()
    event = Event.objects.create(submission=submission, action=Event.Action.NOTE, note="Checked")
    assert event.action_label == "Internal note"
    assert str(event) == "Internal note"
    with pytest.raises(ValueError, match="not a valid"):
        Event.objects.create(submission=submission, action="teleported")
    assert Event.objects.filter(submission=submission).count() == 1
