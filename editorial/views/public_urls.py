"""The public site's URLs. Journal slugs are matched last, after every fixed prefix."""

from django.urls import path

from . import public

urlpatterns = [
    path("", public.home, name="home"),
    path("healthz", public.healthz, name="healthz"),
    path("<slug:journal_slug>/", public.journal_home, name="journal-home"),
    path("<slug:journal_slug>/article/<int:article_id>/", public.article_page, name="article"),
]
