"""Accounts under ``accounts/``: allauth's views, with the names this site used before allauth
(``login``, ``logout``) kept for the same addresses."""

from allauth.account import urls as allauth_urls
from allauth.account import views as allauth_views
from django.urls import path

from editorial.accounts import views

# allauth's own patterns, but sign-in and sign-up answered by this site's versions of its views.
_OURS = {"account_login", "account_signup"}

urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("login/", views.sign_in, name="account_login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("signup/", views.sign_up, name="account_signup"),
    *(pattern for pattern in allauth_urls.urlpatterns if pattern.name not in _OURS),
]
