"""allauth's e-mail verification at sign-in, for the accounts that need it."""

from __future__ import annotations

from allauth.account.stages import EmailVerificationStage

from editorial.accounts.models import PrivacyConsent


class SignedUpAccountVerificationStage(EmailVerificationStage):
    """An account made by sign-up may not sign in before its address is confirmed.

    Accounts that the journal's office made (the admin, invitations, the demo) were given their address
    by the office and never went through sign-up; they have no e-mail rows of allauth's and would be
    locked out by allauth's rule, so they sign in as before. Every sign-up leaves a PrivacyConsent.
    """

    def handle(self):
        if not PrivacyConsent.objects.filter(user_id=self.login.user.pk).exists():
            return None, True
        return super().handle()
