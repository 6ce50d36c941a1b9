"""Accounts under ``accounts/``: allauth's views, with the names this site used before allauth
(``login``, ``logout``) kept for the same addresses."""

from allauth.account import urls as allauth_urls
from allauth.account import views as allauth_views
from django.urls import include, path

from editorial.accounts import views

# allauth's own patterns; sign-in, sign-up and the e-mail address page are answered by this site's
# versions of its views.
_OURS = {"account_login", "account_signup", "account_email"}

urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("login/", views.sign_in, name="account_login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("signup/", views.sign_up, name="account_signup"),
    path("email/", views.email, name="account_email"),
    *(pattern for pattern in allauth_urls.urlpatterns if pattern.name not in _OURS),
    # two-factor sign-in: an authenticator app and recovery codes (allauth's MFA)
    path("2fa/", include("allauth.mfa.urls")),
]
