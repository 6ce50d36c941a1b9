"""API routes. Each area registers its viewsets on the one router."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from editorial.deposits.api import DoiRegistrationViewSet
from editorial.desk.api import SubmissionViewSet
from editorial.interop.api import JatsImportViewSet
from editorial.production.api import ProductionViewSet
from editorial.references.api import ReferenceCheckViewSet
from editorial.review.api import EditorReviewAssignmentViewSet, ReviewerAssignmentViewSet
from editorial.submissions.api import views

router = DefaultRouter()
# The submissions viewset with the actions that quote the reviewers (decide, letter-draft)
router.register("submissions", SubmissionViewSet, basename="submission")
router.register("contributors", views.ContributorViewSet, basename="contributor")
router.register("files", views.FileViewSet, basename="file")
router.register("references", views.ReferenceViewSet, basename="reference")
router.register("events", views.EventViewSet, basename="event")
router.register("doi-registrations", DoiRegistrationViewSet, basename="doi-registration")
router.register("reference-checks", ReferenceCheckViewSet, basename="reference-check")
router.register("jats-imports", JatsImportViewSet, basename="jats-import")
# Peer review
router.register("reviewer/assignments", ReviewerAssignmentViewSet, basename="reviewer-assignment")
router.register("review-assignments", EditorReviewAssignmentViewSet, basename="review-assignment")
router.register("production", ProductionViewSet, basename="production")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("token/", obtain_auth_token, name="api-token"),
    path("", include(router.urls)),
]
