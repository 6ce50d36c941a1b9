"""The editorial site's front: sign-in, the editor's dashboard, the submission pages that gather
every domain, and the decision. Under fixed prefixes (``accounts/``, ``editorial/``) that journal
slugs may not take; each domain's own routes are in its ``urls``."""

from django.contrib.auth import views as auth_views
from django.urls import path

from editorial.desk.views import author, editor

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("editorial/submissions/<int:submission_id>/", author.submission_page, name="author-submission"),
    path("editorial/dashboard/", editor.dashboard, name="editor-dashboard"),
    path("editorial/manage/<int:submission_id>/", editor.submission_page, name="editor-submission"),
    path("editorial/manage/<int:submission_id>/decide/", editor.decide, name="editor-decide"),
]
