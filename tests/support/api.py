"""A REST client signed in the way the API's users sign in."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def api_for(user) -> APIClient:
    """A client that signs in as the API's users do: with a token (``None``: an anonymous client)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
