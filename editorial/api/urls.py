"""API routes. Each area registers its viewsets on the one router."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from .reference_checks import ReferenceCheckViewSet

router = DefaultRouter()
router.register("reference-checks", ReferenceCheckViewSet, basename="reference-check")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("token/", obtain_auth_token, name="api-token"),
    path("", include(router.urls)),
]
