"""The real URL configuration plus one API view that fails with an ordinary bug, for the JSON 500
test. The error handlers are the real ones (a URL configuration names its own)."""

from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from journal.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


@api_view(["GET"])
@permission_classes([AllowAny])
def broken(request):
    raise ZeroDivisionError("an ordinary bug")


def broken_page(request):
    raise ZeroDivisionError("an ordinary bug")


urlpatterns = [path("api/broken/", broken), path("broken-page/", broken_page), *urlpatterns]
