"""The editorial site: sign-in, the author's pages and the editor's, all under fixed prefixes
(``accounts/``, ``editorial/``) that journal slugs may not take."""

from django.contrib.auth import views as auth_views
from django.urls import path

from editorial.production import views as production
from editorial.submissions.views import author, draft, editor

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("editorial/", author.editorial_home, name="editorial-home"),
    # The author
    path("editorial/submissions/", author.author_dashboard, name="author-dashboard"),
    path("editorial/submit/", author.start_submission, name="submission-start"),
    path("editorial/submissions/<int:submission_id>/", author.submission_page, name="author-submission"),
    path("editorial/submissions/<int:submission_id>/draft/<slug:step>/", draft.draft_step, name="draft-step"),
    path("editorial/submissions/<int:submission_id>/revise/", author.revise, name="submission-revise"),
    path("editorial/submissions/<int:submission_id>/withdraw/", author.withdraw, name="submission-withdraw"),
    path("editorial/files/<int:file_id>/", author.download_file, name="file-download"),
    # The editor
    path("editorial/dashboard/", editor.dashboard, name="editor-dashboard"),
    path("editorial/manage/<int:submission_id>/", editor.submission_page, name="editor-submission"),
    path("editorial/manage/<int:submission_id>/assign/", editor.assign_editor, name="editor-assign"),
    path("editorial/manage/<int:submission_id>/send-to-review/", editor.send_to_review, name="editor-send-to-review"),
    path("editorial/manage/<int:submission_id>/desk-reject/", editor.desk_reject, name="editor-desk-reject"),
    path("editorial/manage/<int:submission_id>/decide/", editor.decide, name="editor-decide"),
    path("editorial/manage/<int:submission_id>/due-date/", editor.set_due_date, name="editor-due-date"),
    path("editorial/manage/<int:submission_id>/reopen/", editor.reopen, name="editor-reopen"),
    path("editorial/manage/<int:submission_id>/notes/", editor.add_note, name="editor-note"),
    # Production: copyedit, galleys, proofs, publication (editors, copyeditors, typesetters, the author)
    path("editorial/production/<int:submission_id>/", production.production_page, name="production-page"),
    path("editorial/production/<int:submission_id>/<slug:step>/", production.production_step, name="production-step"),
    path("editorial/production/galleys/<int:galley_id>/", production.production_galley, name="production-galley"),
    path("editorial/production/files/<int:file_id>/", production.production_file, name="production-file"),
]
