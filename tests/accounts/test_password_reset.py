"""A person who forgot the password asks for a link from the sign-in page and chooses a new one;
the link works once, and a weak new password is refused with Django's reasons."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.support.accounts import last_email_to, link_in, path_of
from tests.support.workflow_fixtures import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "quiet meadow compass 2026"


def _ask_for_a_link(client, address="author@example.org"):
    return client.post(reverse("account_reset_password"), {"email": address})


def _open_link(client, link):
    """The link leads (302) to the same page without the key in the address; the form is there."""
    landing = client.get(path_of(link))
    assert landing.status_code == 302
    return landing["Location"]


def test_the_sign_in_page_leads_to_the_password_reset(client, cast):
    page = client.get(reverse("login")).content.decode()

    assert f'href="{reverse("account_reset_password")}"' in page


def test_a_person_resets_a_forgotten_password_and_signs_in_with_the_new_one(client, cast):
    response = _ask_for_a_link(client, "Author@Example.org")
    assert response["Location"] == reverse("account_reset_password_done")

    email = last_email_to("author@example.org", "account_password_reset_key")
    assert email.subject == "Reset your password"
    link = link_in(email)
    assert link.startswith(settings.SITE_URL + "/accounts/password/reset/key/")
    assert "author" in email.body

    form_url = _open_link(client, link)
    assert 'name="password1"' in client.get(form_url).content.decode()
    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done["Location"] == reverse("account_reset_password_from_key_done")

    assert client.post(reverse("login"), {"login": "author", "password": PASSWORD}).status_code == 200
    assert client.post(reverse("login"), {"login": "author", "password": NEW_PASSWORD}).status_code == 302


def test_a_reset_link_works_only_once(client, cast):
    _ask_for_a_link(client)
    link = link_in(last_email_to("author@example.org", "account_password_reset_key"))
    form_url = _open_link(client, link)
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = client.get(path_of(link), follow=True).content.decode()

    assert "This password reset link has expired or has already been used." in again
    assert 'name="password1"' not in again


def test_an_expired_reset_link_says_so(client, cast, settings):
    _ask_for_a_link(client)
    link = link_in(last_email_to("author@example.org", "account_password_reset_key"))
    settings.PASSWORD_RESET_TIMEOUT = -1

    page = client.get(path_of(link), follow=True).content.decode()

    assert "This password reset link has expired or has already been used." in page


def test_a_weak_new_password_is_refused_with_djangos_reasons(client, cast):
    _ask_for_a_link(client)
    form_url = _open_link(client, link_in(last_email_to("author@example.org", "account_password_reset_key")))

    page = client.post(form_url, {"password1": "password", "password2": "password"}).content.decode()

    assert "This password is too common." in page
    assert client.post(reverse("login"), {"login": "author", "password": PASSWORD}).status_code == 302


def test_an_unknown_address_gets_a_clear_message_and_no_email(client, cast):
    from editorial.mail.models import OutgoingEmail

    page = _ask_for_a_link(client, "nobody@example.org").content.decode()

    assert "The email address is not assigned to any user account." in page
    assert not OutgoingEmail.objects.exists()
