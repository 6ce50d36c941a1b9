"""The site's URLs behind two fixed pages, the floor that benchmarks compare real pages against:
the same middleware, no view work. ``/bench/floor/<size>/`` answers as many bytes as a real page."""

from django.http import HttpResponse
from django.urls import include, path

FILLER = "<!doctype html><title>floor</title><p>" + "A fixed page of the size asked for. " * 8192


def floor(request):
    return HttpResponse("<!doctype html><title>floor</title><p>A fixed small page.</p>")


def sized_floor(request, size: int):
    """The same fixed work as ``floor``, but as many bytes as a real page: what the bytes cost."""
    return HttpResponse(FILLER[: min(size, len(FILLER))])


urlpatterns = [
    path("bench/floor/<int:size>/", sized_floor, name="bench-floor-sized"),
    path("bench/floor/", floor, name="bench-floor"),
    path("", include("journal.urls")),
]
from journal.urls import handler400, handler403, handler404, handler500  # noqa: E402, F401  (the site's error pages)
