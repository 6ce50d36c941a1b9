"""What a confirmed e-mail address changes beyond allauth's own rows: the person behind the account."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from editorial.accounts.models import PrivacyConsent
from editorial.journals.models.people import Person


@transaction.atomic
def adopt_address_given_by_the_office(*, user) -> None:
    """An account the journal's office made (admin, invitation, demo) has its address on the user only;
    allauth, seeing no address of its own, would take the address being changed to for the one to
    replace and leave the account with none. The office gave that address, so allauth gets it as the
    confirmed primary one. Accounts made by sign-up confirm their own, so they are left alone."""
    if not user.email or PrivacyConsent.objects.filter(user_id=user.pk).exists():
        return
    if EmailAddress.objects.filter(user_id=user.pk).exists():
        return
    if EmailAddress.objects.filter(email__iexact=user.email, verified=True).exists():
        return  # another account confirmed it: not this one's to claim
    EmailAddress.objects.create(user=user, email=user.email.lower(), primary=True, verified=True)


@transaction.atomic
def link_person_on_confirmation(*, user_id: int, email: str) -> Person | None:
    """Give the account its Person once the address is proven to be theirs.

    A person the journal already knew by this address (an invited reviewer, a co-author) without an
    account becomes this account's person, so their history follows them; otherwise a new person is
    made from the names given at sign-up. An account that already has a person takes the confirmed
    address, unless another person has it. Linking waits for confirmation: anyone can type an address.
    """
    user = get_user_model().objects.select_for_update().get(pk=user_id)
    address = email.strip().lower()
    known = Person.objects.select_for_update().filter(email__iexact=address).first()
    current = Person.objects.filter(user=user).first()
    if current is not None:
        if known is None:
            current.email = address
            current.save(update_fields=["email"])
        return current
    if known is not None:
        if known.user_id is None:
            known.user = user
            known.save(update_fields=["user"])
            return known
        return None
    return Person.objects.create(
        user=user,
        given_names=user.first_name or user.get_username(),
        family_name=user.last_name,
        email=address,
    )
