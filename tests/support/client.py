"""The Django test client as a person at a browser uses it: signing in with a password, reading the messages."""

from django.contrib.messages import get_messages
from django.urls import reverse

from tests.support.workflow_fixtures import PASSWORD


def sign_in(client, user) -> None:
    """Sign ``user`` in through the login form, as a person would."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def messages_of(response) -> list[str]:
    """The flash messages the response's request left for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]
