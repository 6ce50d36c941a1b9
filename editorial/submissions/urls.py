"""The author's pages and the editor's actions on a submission, under ``editorial/``. The pages that
gather every domain (the submission pages, the dashboard, the decision) are in ``editorial.desk.urls``."""

from django.urls import path

from editorial.submissions.views import author, draft, editor

urlpatterns = [
    path("editorial/", author.editorial_home, name="editorial-home"),
    # The author
    path("editorial/submissions/", author.author_dashboard, name="author-dashboard"),
    path("editorial/submit/", author.start_submission, name="submission-start"),
    path("editorial/submissions/<int:submission_id>/draft/<slug:step>/", draft.draft_step, name="draft-step"),
    path("editorial/submissions/<int:submission_id>/revise/", author.revise, name="submission-revise"),
    path("editorial/submissions/<int:submission_id>/withdraw/", author.withdraw, name="submission-withdraw"),
    path("editorial/files/<int:file_id>/", author.download_file, name="file-download"),
    # The editor's actions
    path("editorial/manage/<int:submission_id>/assign/", editor.assign_editor, name="editor-assign"),
    path("editorial/manage/<int:submission_id>/send-to-review/", editor.send_to_review, name="editor-send-to-review"),
    path("editorial/manage/<int:submission_id>/desk-reject/", editor.desk_reject, name="editor-desk-reject"),
    path("editorial/manage/<int:submission_id>/due-date/", editor.set_due_date, name="editor-due-date"),
    path("editorial/manage/<int:submission_id>/reopen/", editor.reopen, name="editor-reopen"),
    path("editorial/manage/<int:submission_id>/notes/", editor.add_note, name="editor-note"),
]
