"""Every route of the site, from the URL resolver, and the routes a permission matrix exercises.

A route is ("html", url name) for a page, or ("api", url name, METHOD) for each method of an API
route (a viewset's list and create are two entries). The admin (Django's own permissions) and
format-suffix duplicates are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.urls import URLPattern, URLResolver, get_resolver, resolve

Route = tuple[str, ...]

# Methods every Django view answers that are not a route's purpose.
_IGNORED_METHODS = {"head", "options", "trace"}


def _walk(patterns, prefix: str = "", namespace: str | None = None) -> Iterator[tuple[str | None, URLPattern, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
        else:
            yield namespace, pattern, prefix + str(pattern.pattern)


def all_routes() -> set[Route]:
    routes: set[Route] = set()
    for namespace, pattern, path in _walk(get_resolver().url_patterns):
        if namespace == "admin" or path.startswith(("static/", "media/", "^media/", "^static/")):
            continue
        if path.startswith("api/"):
            actions = getattr(pattern.callback, "actions", None)
            if actions:
                # (DRF adds "head" to a viewset's actions once it has answered a GET)
                routes |= {("api", pattern.name, m.upper()) for m in actions if m not in _IGNORED_METHODS}
                continue
            view = getattr(pattern.callback, "cls", None)
            methods = [m for m in getattr(view, "http_method_names", ["get"]) if hasattr(view, m)] if view else ["get"]
            routes |= {("api", pattern.name, method.upper()) for method in methods if method not in _IGNORED_METHODS}
        else:
            routes.add(("html", pattern.name))
    return routes


def route_of(method: str, url: str) -> Route:
    """The route a request goes to."""
    match = resolve(url.split("?", 1)[0])
    if url.startswith("/api/"):
        return ("api", match.url_name, method.upper())
    return ("html", match.url_name)


def routes_exercised(requests: Iterable[tuple[str, str]]) -> set[Route]:
    return {route_of(method, url) for method, url in requests}


def html_routes() -> list[tuple[str, dict[str, str]]]:
    """Every page route as (url name, {parameter: converter name}), for a crawl to fill in."""
    pages = []
    for namespace, pattern, path in _walk(get_resolver().url_patterns):
        if namespace == "admin" or path.startswith(("api/", "static/", "media/", "^media/", "^static/")):
            continue
        converters = getattr(pattern.pattern, "converters", {})
        parameters = {name: type(c).__name__ for name, c in converters.items()}
        if not converters and hasattr(pattern.pattern, "regex"):  # a re_path (allauth's): its named groups
            parameters = dict.fromkeys(pattern.pattern.regex.groupindex, "regex")
        pages.append((pattern.name, parameters))
    return pages
