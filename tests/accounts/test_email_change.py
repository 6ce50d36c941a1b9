"""Changing the e-mail address: the new one takes over only once the link sent to it is opened."""

import pytest
from django.urls import reverse

from editorial.journals.models.people import Person
from tests.support.accounts import last_email_to, link_in, path_of
from tests.support.client import sign_in

pytestmark = pytest.mark.django_db


def _ask_for(client, address):
    return client.post(reverse("account_email"), {"email": address, "action_add": ""})


def test_the_new_address_takes_over_once_confirmed(client, cast):
    sign_in(client, cast.author)

    response = _ask_for(client, "anna.new@example.org")

    assert response.status_code == 302
    cast.author.refresh_from_db()
    assert cast.author.email == "author@example.org"
    assert "anna.new@example.org is waiting for confirmation" in client.get(reverse("account_email")).content.decode()

    email = last_email_to("anna.new@example.org", "account_email_confirmation")
    assert email.subject == "Confirm your new e-mail address"
    client.post(path_of(link_in(email)))

    cast.author.refresh_from_db()
    assert cast.author.email == "anna.new@example.org"
    assert Person.objects.get(user=cast.author).email == "anna.new@example.org"
    assert (
        "Your confirmed address is <strong>anna.new@example.org</strong>"
        in client.get(reverse("account_email")).content.decode()
    )


def test_an_address_another_account_has_is_refused_with_a_message(client, cast):
    sign_in(client, cast.author)

    page = _ask_for(client, "managing@example.org").content.decode()

    assert "An account with this e-mail address already exists." in page
    assert 'aria-describedby="id_email_error"' in page
    cast.author.refresh_from_db()
    assert cast.author.email == "author@example.org"


def test_a_malformed_address_is_refused_with_a_message(client, cast):
    sign_in(client, cast.author)

    page = _ask_for(client, "not an address").content.decode()

    assert "Enter a valid email address." in page
