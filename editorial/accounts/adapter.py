"""allauth fitted to this site: who may sign up, how sign-in is checked, and account e-mail that is
rendered and sent like every other e-mail here (plain text on templates/mail/base.txt, a row in the
outbox delivered by a worker after commit) with every link on ``SITE_URL``."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.urls import reverse

from editorial.accounts import signup_journal
from editorial.accounts.links import on_site
from editorial.mail.render import render_email
from editorial.mail.services import queue_email

WRONG_CREDENTIALS = "Please enter a correct username and password (or e-mail address and password)."


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": WRONG_CREDENTIALS,
        "email_password_mismatch": WRONG_CREDENTIALS,
        "email_taken": (
            "An account with this e-mail address already exists. Sign in, or reset your password if you have "
            "forgotten it."
        ),
        "invalid_password_reset": (
            "This password reset link has expired or has already been used. Ask for a new one below."
        ),
    }

    def is_open_for_signup(self, request) -> bool:
        return signup_journal.signup_is_open(signup_journal.journal_of(request))

    def get_login_stages(self) -> list[str]:
        ours = "editorial.accounts.stages.SignedUpAccountVerificationStage"
        return [ours if path.endswith(".EmailVerificationStage") else path for path in super().get_login_stages()]

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return on_site(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return on_site(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queue the message on the outbox (sent by a worker after commit, like all e-mail here).

        The kind is ``account_<allauth's name>`` in templates/accounts/email/. Every ``*_url`` in the
        context is put on SITE_URL again, so a link allauth builds from the request cannot leak out.
        """
        request = allauth_context.request
        kind = "account_" + template_prefix.rsplit("/", 1)[-1]
        values = {**context, "email": email, "journal": _signature(request)}
        for name, value in list(values.items()):
            if name.endswith("_url") and isinstance(value, str):
                values[name] = on_site(value)
        values.pop("request", None)
        subject, body = render_email(kind, values)
        queue_email(to=email, subject=subject, body=body, kind=kind)


def _signature(request):
    """The journal the person came from, else the site (its name stands where a journal's title would)."""
    return signup_journal.journal_of(request) or SimpleNamespace(title=settings.SITE_NAME)
