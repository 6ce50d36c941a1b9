"""URL configuration: the public site, the admin, the API."""

from django.conf import settings
from django.contrib import admin
from django.urls import path

from editorial.views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("healthz", public.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("<slug:journal_slug>/", public.journal_home, name="journal-home"),
    path("<slug:journal_slug>/article/<int:article_id>/", public.article_page, name="article"),
]

admin.site.site_header = "Journal editorial system"
admin.site.site_title = "Editorial admin"
admin.site.index_title = "Journals, submissions and publications"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
