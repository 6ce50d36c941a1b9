"""A URL configuration with one view that fails with an ordinary bug, for the 500 page test."""

from django.urls import path


def broken(request):
    raise ZeroDivisionError("an ordinary bug")


urlpatterns = [path("broken/", broken)]
handler500 = "editorial.web.errors.server_error"
