"""Every answer under /api/ is JSON, errors included: an unknown address (404), a method the
route does not take (405), a bad request Django itself refuses (400), an ordinary bug (500) and
the database being down (503). The HTML site keeps its HTML error pages."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.support.api import api_for

pytestmark = pytest.mark.django_db

FAILING_URLS = "tests.support.api_failing_urls"


def assert_json(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body, dict), body
    assert body.get("detail"), body
    return body


def test_an_unknown_api_address_is_a_json_404(cast):
    body = assert_json(api_for(cast.author).get("/api/no-such-thing/"), 404)
    assert "/api/no-such-thing/" in body["detail"]


def test_an_unknown_api_address_is_a_json_404_for_an_anonymous_caller_and_any_method(db):
    client = Client()
    assert_json(client.get("/api/submissions/1/no-such-action/"), 404)
    assert_json(client.post("/api/nothing-here/", {"a": 1}), 404)
    assert_json(client.delete("/api/nothing/here/"), 404)


def test_an_unknown_page_outside_the_api_keeps_the_html_404(db):
    response = Client().get("/no-such-page-anywhere/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_a_method_the_route_does_not_take_is_a_json_405(cast):
    client = api_for(cast.author)
    assert_json(client.delete("/api/submissions/"), 405)
    assert_json(client.put("/api/schema/", {}), 405)
    assert_json(client.patch("/api/token/", {}), 405)


def test_a_request_django_refuses_as_bad_is_a_json_400(db, settings):
    settings.ALLOWED_HOSTS = ["journal.example.org"]
    client = Client(raise_request_exception=False)
    assert_json(client.get("/api/submissions/", HTTP_HOST="evil.example.com"), 400)
    assert_json(client.get("/api/submissions/?q=%00"), 400)


def test_an_ordinary_bug_in_the_api_is_a_json_500(db, settings):
    settings.ROOT_URLCONF = FAILING_URLS
    response = Client(raise_request_exception=False).get("/api/broken/")
    body = assert_json(response, 500)
    assert "ZeroDivisionError" not in response.content.decode(), "no internals in the answer"
    assert "went wrong" in body["detail"]


def test_an_api_error_is_json_even_when_the_caller_asks_for_html(db, settings):
    settings.ROOT_URLCONF = FAILING_URLS
    client = Client(raise_request_exception=False)
    assert_json(client.get("/api/broken/", HTTP_ACCEPT="text/html"), 500)
    assert_json(client.post("/api/broken/", {}, HTTP_ACCEPT="text/html"), 405)
    assert_json(client.get("/api/schema/", {"format": "nonsense"}, HTTP_ACCEPT="text/html"), 404)


def test_an_ordinary_bug_on_a_page_keeps_the_html_500(db, settings):
    settings.ROOT_URLCONF = FAILING_URLS
    response = Client(raise_request_exception=False).get("/broken-page/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert not response["Content-Type"].startswith("application/json")


def refuse(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def test_a_write_while_the_database_is_down_is_a_json_503(cast):
    client = api_for(cast.author)
    client.raise_request_exception = False
    with connection.execute_wrapper(refuse):
        response = client.post("/api/submissions/", {"journal": cast.journal.pk}, format="json")
    assert_json(response, 503)
    assert response["Retry-After"] == "30"
