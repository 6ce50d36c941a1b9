"""URLs of the reference check report and its buttons, under /editorial/reference-checks/."""

from django.urls import path

from editorial.references import views as reference_checks

urlpatterns = [
    path("submissions/<int:submission_id>/", reference_checks.report_page, name="reference-check-report"),
    path("submissions/<int:submission_id>/run/", reference_checks.run_check, name="reference-check-run"),
    path("results/<int:result_id>/apply/", reference_checks.apply_suggestion, name="reference-check-apply"),
]
