"""The editorial site's front: the editor's dashboard, the submission pages that gather every
domain, and the decision. Under the fixed prefix ``editorial/`` that journal slugs may not take
(sign-in and the other account pages are in ``editorial.accounts.urls``, under ``accounts/``); each
domain's own routes are in its ``urls``."""

from django.urls import path

from editorial.desk.views import author, editor

urlpatterns = [
    path("editorial/submissions/<int:submission_id>/", author.submission_page, name="author-submission"),
    path("editorial/dashboard/", editor.dashboard, name="editor-dashboard"),
    path("editorial/manage/<int:submission_id>/", editor.submission_page, name="editor-submission"),
    path("editorial/manage/<int:submission_id>/decide/", editor.decide, name="editor-decide"),
]
