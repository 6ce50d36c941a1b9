"""The system status page, and /healthz and /readyz for load balancers (JSON, no session, no redirect)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from editorial.operations import selectors


@login_required
def status(request: HttpRequest) -> HttpResponse:
    if not selectors.may_see_status(request.user):
        raise PermissionDenied("The system status is for site administrators and the journals' managing editors.")
    return render(request, "operations/status.html", {"status": selectors.system_status(request.user)})


@csrf_exempt
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process answers (nothing else is asked: a load balancer restarts what fails here)."""
    return JsonResponse({"status": "ok"})


@csrf_exempt
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """The database, migrations, cache and broker: 200 when all answer, else 503 naming what is down."""
    checks = selectors.readiness()
    down = sorted(name for name, result in checks.items() if result not in ("ok", "not used"))
    body = {"status": "down" if down else "ok", "checks": checks}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
