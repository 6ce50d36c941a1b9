"""allauth's sign-in and sign-up forms with this site's fields."""

from __future__ import annotations

from allauth.account.forms import AddEmailForm, LoginForm, ResetPasswordForm, ResetPasswordKeyForm, SignupForm
from django import forms
from django.db import transaction
from django.utils import timezone

from editorial.accounts import signup_journal
from editorial.accounts.models import PrivacyConsent


class SignInForm(LoginForm):
    """allauth's sign-in: one box for a user name or an e-mail address, then the password.

    A form posted with ``username`` (as the sign-in form before allauth, password managers and
    scripts did) is read as ``login``.
    """

    def __init__(self, *args, **kwargs) -> None:
        data = kwargs.get("data")
        if data is not None and "login" not in data and "username" in data:
            data = data.copy()
            data["login"] = data["username"]
            kwargs["data"] = data
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or e-mail address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs.pop("placeholder", None)


class SignUpForm(SignupForm):
    """allauth's sign-up, with the person's names and their consent to the privacy statement.

    The journal the sign-up came from rides along as a hidden field: its switch decides whether
    sign-up is open (the adapter) and its statement is the one agreed to.
    """

    given_names = forms.CharField(max_length=150, label="Given names")
    family_name = forms.CharField(max_length=150, label="Family name")
    privacy_consent = forms.BooleanField(
        label="I have read the privacy statement above and agree to it",
        error_messages={"required": "You need to agree to the privacy statement to create an account."},
    )
    journal = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["given_names", "family_name", "email", "username", "password1", "password2", "privacy_consent"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("email", "username", "password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        self.fields["email"].label = "E-mail address"
        self.fields["username"].help_text = "What you sign in with, besides your e-mail address."

    @transaction.atomic
    def save(self, request):
        return super().save(request)

    def custom_signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["given_names"].strip()
        user.last_name = self.cleaned_data["family_name"].strip()
        user.save(update_fields=["first_name", "last_name"])
        journal = signup_journal.journal_of(request)
        PrivacyConsent.objects.create(
            user=user,
            journal=journal,
            statement=signup_journal.privacy_statement(journal),
            given_at=timezone.now(),
        )


class PasswordResetForm(ResetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail address"
        self.fields["email"].widget.attrs.pop("placeholder", None)


class NewPasswordForm(ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "New password"
        self.fields["password2"].label = "New password (again)"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class NewEmailForm(AddEmailForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "New e-mail address"
        self.fields["email"].widget.attrs.pop("placeholder", None)
