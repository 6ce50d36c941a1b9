import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
BIG = "9" * 25


def test_probe(cast):
    for role in ("anonymous", "author", "managing_editor"):
        c = Client(raise_request_exception=False)
        u = cast.user(role)
        if u:
            c.force_login(u)
        for url in [
            f"/editorial/manage/{BIG}/",
            f"/editorial/submissions/{BIG}/",
            f"/editorial/files/{BIG}/",
            f"/editorial/submissions/{BIG}/draft/details/",
            f"/editorial/reference-checks/submissions/{BIG}/",
            f"/api/submissions/{BIG}/",
            f"/api/files/{BIG}/",
            f"/api/events/?submission={BIG}",
            f"/api/submissions/?page={BIG}",
            f"/workflow-studies/article/{BIG}/",
            f"/workflow-studies/issue/{BIG}/",
            f"/api/doi-registrations/?article={BIG}",
            f"/api/reference-checks/latest/?submission={BIG}",
            f"/search/?page={BIG}",
            f"/editorial/dashboard/?page={BIG}&editor={BIG}&section={BIG}",
            f"/workflow-studies/article/1/galley/{BIG}/",
            "/search/?q=%00",
            "/editorial/dashboard/?q=%00",
            f"/api/submissions/?submission={BIG}",
            f"/api/contributors/?submission={BIG}",
        ]:
            r = c.get(url)
            if r.status_code >= 500:
                print("500", role, url)
        for url in ["/editorial/manage/1/assign/", f"/editorial/reference-checks/results/{BIG}/apply/"]:
            r = c.post(url, {"editor": BIG})
            if r.status_code >= 500:
                print("500 POST", role, url)
