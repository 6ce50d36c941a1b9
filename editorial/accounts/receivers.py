"""allauth's signals, heard by the accounts domain."""

from __future__ import annotations

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from editorial.accounts.services import link_person_on_confirmation


@receiver(email_confirmed, dispatch_uid="editorial.accounts.link_person")
def _link_person(sender, request, email_address, **kwargs) -> None:
    link_person_on_confirmation(user_id=email_address.user_id, email=email_address.email)
