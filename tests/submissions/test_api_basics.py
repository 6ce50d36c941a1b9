"""The API's frame: schema, docs, token authentication, domain errors as HTTP answers."""

import pytest
from rest_framework.test import APIClient

from editorial.errors import DomainError, IllegalTransition
from editorial.web.api_errors import exception_handler
from tests.support.factories import UserFactory


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi:" in schema.content
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_a_token_is_issued_for_a_correct_password_only():
    user = UserFactory(username="editor")
    user.set_password("a long enough password")
    user.save()
    api = APIClient()
    refused = api.post("/api/token/", {"username": "editor", "password": "wrong"}, format="json")
    assert refused.status_code == 400
    issued = api.post("/api/token/", {"username": "editor", "password": "a long enough password"}, format="json")
    assert issued.status_code == 200
    assert len(issued.json()["token"]) == 40


def test_an_illegal_transition_is_a_409_carrying_the_current_state():
    response = exception_handler(IllegalTransition(current="accepted", requested="withdrawn"), {})
    assert response.status_code == 409
    assert response.data["current_state"] == "accepted"
    assert "cannot become withdrawn" in response.data["detail"]


def test_other_domain_errors_are_a_400_with_the_message():
    response = exception_handler(DomainError("A submission needs a corresponding author."), {})
    assert response.status_code == 400
    assert response.data["detail"] == "A submission needs a corresponding author."
