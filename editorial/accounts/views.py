"""allauth's sign-in and sign-up views with what this site's pages show beside the form."""

from __future__ import annotations

from allauth.account import views as allauth_views
from django.template.response import TemplateResponse

from editorial.accounts import signup_journal
from editorial.accounts.services import adopt_address_given_by_the_office


class SignInView(allauth_views.LoginView):
    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        # No link to a sign-up that would only say it is closed.
        context["signup_open"] = signup_journal.signup_is_open(None)
        return context


class SignUpView(allauth_views.SignupView):
    """Sign-up, for the journal it was reached from (``?journal=<slug>``) or for the site."""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        journal = signup_journal.journal_of(self.request)
        context["journal"] = journal
        context["privacy_statement"] = signup_journal.privacy_statement(journal)
        return context

    def get_initial(self) -> dict:
        journal = signup_journal.journal_of(self.request)
        return {**super().get_initial(), "journal": journal.slug if journal else ""}

    def closed(self):
        """Closed: the page says so (and for which journal), answered 403 so that nothing takes it for
        a form; a posted form is refused the same way, and no account is made."""
        context = {"journal": signup_journal.journal_of(self.request)}
        return TemplateResponse(self.request, self.template_name_signup_closed, context, status=403)


class EmailView(allauth_views.EmailView):
    """Changing the e-mail address, for accounts the office made as for those made by sign-up."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            adopt_address_given_by_the_office(user=request.user)
        return super().dispatch(request, *args, **kwargs)


sign_in = SignInView.as_view()
email = EmailView.as_view()
sign_up = SignUpView.as_view()
