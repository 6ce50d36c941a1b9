"""Addresses for harvesters and machines: OAI-PMH, sitemap, feeds, robots.txt, JATS files.

Included before the public site, whose journal slugs would otherwise match first.
"""

from django.urls import path

from editorial.interop.views import jats, oai, syndication

urlpatterns = [
    path("oai", oai.endpoint, name="oai"),
    path("sitemap.xml", syndication.sitemap, name="sitemap"),
    path("robots.txt", syndication.robots, name="robots"),
    path("feeds/<slug:journal_slug>/atom.xml", syndication.journal_atom, name="journal-atom"),
    path("<slug:journal_slug>/article/<int:article_id>/jats.xml", jats.article_jats, name="article-jats"),
]
