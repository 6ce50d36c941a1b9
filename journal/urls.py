"""URL configuration: the admin, the API, the editorial site, then the public site (whose journal
slugs come last)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("editorial.api.urls")),
    path("accounts/", include("editorial.accounts.urls")),  # sign-up, sign-in, password reset (allauth)
    path("", include("editorial.operations.urls")),  # /healthz, /readyz, the system status page
    path("", include("editorial.desk.urls")),
    path("", include("editorial.submissions.urls")),
    path("", include("editorial.production.urls")),
    path("editorial/reference-checks/", include("editorial.references.urls")),
    path("", include("editorial.interop.urls")),
    path("", include("editorial.review.urls")),  # peer review: review/ and editorial/manage/<id>/reviews/
    path("", include("editorial.publishing.urls")),
]

# Under /api/ these answer JSON; elsewhere Django's pages (and ours for 500 and 503)
handler400 = "editorial.web.errors.bad_request"
handler403 = "editorial.web.errors.permission_denied"
handler404 = "editorial.web.errors.page_not_found"
handler500 = "editorial.web.errors.server_error"

admin.site.site_header = "Journal editorial system"
admin.site.site_title = "Editorial admin"
admin.site.index_title = "Journals, submissions and publications"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
