"""Production: copyedit, galleys, proofs, publication (editors, copyeditors, typesetters, the author)."""

from django.urls import path

from editorial.production import views as production

urlpatterns = [
    path("editorial/production/<int:submission_id>/", production.production_page, name="production-page"),
    path("editorial/production/<int:submission_id>/<slug:step>/", production.production_step, name="production-step"),
    path("editorial/production/galleys/<int:galley_id>/", production.production_galley, name="production-galley"),
    path("editorial/production/files/<int:file_id>/", production.production_file, name="production-file"),
]
