"""While the database does not answer, pages and the API say so with a 503 and Retry-After,
never a bare 500 (the real restart under load is in ``make soak``: soak/run.py)."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.support.api import api_for
from tests.support.factories import published_article
from tests.support.pages import HUMAN, page_url

pytestmark = pytest.mark.django_db


def refuse(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def test_article_page_is_a_503_with_retry_after_while_the_database_is_down(cast):
    url = page_url(published_article(doi="10.5555/down.1"))
    client = Client(raise_request_exception=False)

    with connection.execute_wrapper(refuse):
        response = client.get(url, HTTP_USER_AGENT=HUMAN)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "briefly unavailable" in response.content.decode()
    assert client.get(url, HTTP_USER_AGENT=HUMAN, follow=True).status_code == 200, "and served once it is back"


def test_api_answers_a_json_503_while_the_database_is_down(cast):
    client = api_for(cast.author)
    client.raise_request_exception = False

    with connection.execute_wrapper(refuse):
        response = client.get("/api/submissions/")

    assert response.status_code == 503
    assert "database is not answering" in response.json()["detail"]
    assert client.get("/api/submissions/").status_code == 200


def test_other_server_errors_stay_500(cast, settings):
    client = Client(raise_request_exception=False)
    settings.ROOT_URLCONF = "tests.support.broken_urls"

    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
