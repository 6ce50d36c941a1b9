"""The public site's URLs. Journal slugs are matched last, after every fixed prefix."""

from django.urls import path

from editorial.publishing.views import article, article_versions, public, search

urlpatterns = [
    path("", public.home, name="home"),
    path("search/", search.search, name="search"),
    path("doi/<path:doi>", article.doi_redirect, name="doi"),
    path("<slug:journal_slug>/", public.journal_home, name="journal-home"),
    path("<slug:journal_slug>/issues/", public.issue_archive, name="issue-archive"),
    path("<slug:journal_slug>/issue/<int:issue_id>/", public.issue_toc, name="issue"),
    path("<slug:journal_slug>/search/", search.search, name="journal-search"),
    path("<slug:journal_slug>/article/<int:article_id>/", article.article_by_id, name="article"),
    path(
        "<slug:journal_slug>/article/<int:article_id>/cite/<str:fmt>/",
        article.citation_download,
        name="article-citation",
    ),
    path(
        "<slug:journal_slug>/article/<int:article_id>/galley/<int:galley_id>/",
        article.galley_download,
        name="galley-download",
    ),
    path(
        "<slug:journal_slug>/article/<int:article_id>/version/<int:number>/",
        article_versions.article_version,
        name="article-version",
    ),
    path(
        "<slug:journal_slug>/article/<int:article_id>/<str:title_slug>/",
        article.article_page,
        name="article-canonical",
    ),
    path("<slug:journal_slug>/preview/<str:token>/", article.article_preview, name="article-preview"),
    path(
        "<slug:journal_slug>/preview/<str:token>/galley/<int:galley_id>/",
        article.preview_galley,
        name="preview-galley",
    ),
]
