"""Sign-up: a stranger makes an account from a journal's pages, agrees to its privacy statement,
confirms the e-mail address from the message that was sent, and only then signs in."""

import pytest
from django.conf import settings
from django.urls import reverse

from editorial.accounts.models import PrivacyConsent
from editorial.journals.models.people import Person
from editorial.mail.models import OutgoingEmail
from tests.support.accounts import NEW_PASSWORD, last_email_to, link_in, path_of, sign_up_form

pytestmark = pytest.mark.django_db


def _sign_up(client, journal=None, **changes):
    url = reverse("account_signup") + (f"?journal={journal.slug}" if journal else "")
    return client.post(url, sign_up_form(journal, **changes))


def test_the_sign_up_page_shows_the_journals_privacy_statement_and_a_consent_box(client, cast):
    cast.journal.privacy_statement = "Workflow Studies keeps your name for the masthead only."
    cast.journal.save()

    page = client.get(reverse("account_signup") + f"?journal={cast.journal.slug}").content.decode()

    assert "Create an account for Journal of Workflow Studies" in page
    assert "Workflow Studies keeps your name for the masthead only." in page
    assert '<label for="id_privacy_consent">I have read the privacy statement above and agree to it' in page
    assert 'name="privacy_consent" required' in page
    assert 'name="journal" value="workflow-studies"' in page


def test_without_a_journal_statement_the_sites_default_is_shown(client, cast):
    page = client.get(reverse("account_signup") + f"?journal={cast.journal.slug}").content.decode()

    assert "We do not sell or share your data for any other purpose." in settings.PRIVACY_STATEMENT
    assert "We do not sell or share your data for any other purpose." in page


def test_a_stranger_signs_up_confirms_the_address_and_then_signs_in(client, cast):
    response = _sign_up(client, cast.journal)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = PrivacyConsent.objects.get().user
    assert (user.username, user.first_name, user.last_name, user.email) == (
        "irina",
        "Irina",
        "Novikova",
        "irina@example.org",
    )
    consent = user.privacy_consent
    assert consent.journal == cast.journal
    assert consent.statement == settings.PRIVACY_STATEMENT
    assert consent.given_at is not None
    assert "_auth_user_id" not in client.session

    # Not before the address is confirmed: signing in sends the confirmation again instead.
    refused = client.post(reverse("login"), {"login": "irina", "password": NEW_PASSWORD})
    assert refused["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    email = last_email_to("irina@example.org", "account_email_confirmation_signup")
    assert email.subject == "Confirm your e-mail address for Journal of Workflow Studies"
    assert email.body.rstrip().endswith("-- \nJournal of Workflow Studies")
    link = link_in(email)
    assert link.startswith(settings.SITE_URL + "/accounts/confirm-email/")

    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "Please confirm that irina@example.org is the e-mail address of the account irina" in page.content.decode()
    confirmed = client.post(path_of(link))
    assert confirmed.status_code == 302

    person = Person.objects.get(user=user)
    assert (person.given_names, person.family_name, person.email) == ("Irina", "Novikova", "irina@example.org")

    signed_in = client.post(reverse("login"), {"login": "irina@example.org", "password": NEW_PASSWORD})
    assert signed_in["Location"] == reverse("editorial-home")
    assert client.get(reverse("submission-start")).status_code == 200


def test_confirming_links_a_person_the_journal_already_knew_by_that_address(client, cast):
    known = Person.objects.create(given_names="Irina", family_name="Novikova", email="irina@example.org")
    _sign_up(client, cast.journal)

    assert Person.objects.get(pk=known.pk).user is None  # anyone can type an address: not yet
    client.post(path_of(link_in(last_email_to("irina@example.org", "account_email_confirmation_signup"))))

    assert Person.objects.get(pk=known.pk).user.username == "irina"
    assert Person.objects.filter(email__iexact="irina@example.org").count() == 1


def test_sign_up_without_consent_is_refused_with_a_message_on_the_box(client, cast):
    response = _sign_up(client, cast.journal, privacy_consent=None)

    page = response.content.decode()
    assert response.status_code == 200
    assert "You need to agree to the privacy statement to create an account." in page
    assert 'aria-describedby="id_privacy_consent_error"' in page
    assert not PrivacyConsent.objects.exists()


def test_a_taken_email_address_gets_a_clear_message(client, cast):
    response = _sign_up(client, cast.journal, email="AUTHOR@example.org")

    page = response.content.decode()
    assert "An account with this e-mail address already exists." in page
    assert 'id="id_email_error"' in page
    assert not PrivacyConsent.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_a_taken_user_name_gets_a_clear_message(client, cast):
    page = _sign_up(client, cast.journal, username="author").content.decode()

    assert "A user with that username already exists." in page
    assert not PrivacyConsent.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", "This password is too common."),
        ("83749120", "This password is entirely numeric."),
        ("short1", "This password is too short."),
    ],
)
def test_a_weak_password_is_refused_with_djangos_reasons(client, cast, password, message):
    page = _sign_up(client, cast.journal, password1=password, password2=password).content.decode()

    assert message in page
    assert not PrivacyConsent.objects.exists()


def test_a_journal_that_closed_sign_up_says_so_and_refuses_it(client, cast):
    cast.journal.signup_open = False
    cast.journal.save()

    page = client.get(reverse("account_signup") + f"?journal={cast.journal.slug}")
    posted = _sign_up(client, cast.journal)

    assert page.status_code == 403
    assert "Journal of Workflow Studies does not take new accounts at the moment." in page.content.decode()
    assert 'name="password1"' not in page.content.decode()
    assert posted.status_code == 403
    assert not PrivacyConsent.objects.exists()
    # Another journal that is open still takes sign-ups from its own pages.
    assert _sign_up(client, cast.other_journal).status_code == 302


def test_a_site_whose_journals_all_closed_sign_up_shows_no_sign_up(client, cast):
    sign_in_page = client.get(reverse("login")).content.decode()
    assert reverse("account_signup") in sign_in_page

    type(cast.journal).objects.update(signup_open=False)

    assert reverse("account_signup") not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("account_signup")).status_code == 403
    assert _sign_up(client).status_code == 403


def test_a_confirmation_link_used_twice_says_it_was_used(client, cast):
    _sign_up(client, cast.journal)
    link = path_of(link_in(last_email_to("irina@example.org", "account_email_confirmation_signup")))
    client.post(link)

    again = client.get(link).content.decode()

    assert "This confirmation link has expired, has already been used, or is not valid." in again


def test_an_expired_confirmation_link_says_it_expired(client, cast, settings):
    _sign_up(client, cast.journal)
    link = path_of(link_in(last_email_to("irina@example.org", "account_email_confirmation_signup")))
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = -1

    page = client.get(link).content.decode()
    client.post(link)

    assert "This confirmation link has expired, has already been used, or is not valid." in page
    assert not PrivacyConsent.objects.get().user.emailaddress_set.filter(verified=True).exists()


def test_a_tampered_confirmation_link_is_refused(client, cast):
    _sign_up(client, cast.journal)
    link = path_of(link_in(last_email_to("irina@example.org", "account_email_confirmation_signup")))

    page = client.get(link.replace("/confirm-email/", "/confirm-email/x")).content.decode()

    assert "This confirmation link has expired, has already been used, or is not valid." in page


def test_a_journals_home_page_leads_to_its_own_sign_up_while_open(client, cast):
    home = reverse("journal-home", args=[cast.journal.slug])
    link = f'href="{reverse("account_signup")}?journal={cast.journal.slug}"'

    assert link in client.get(home).content.decode()

    cast.journal.signup_open = False
    cast.journal.save()
    page = client.get(home).content.decode()
    assert link not in page
    assert "does not take new accounts at the moment" in page
