"""The Content-Security-Policy middleware, with the two allowances the API's own HTML pages need.

The site's policy (``CONTENT_SECURITY_POLICY`` in settings) allows scripts and styles from this
site only. Two pages are not ours to rewrite: the browsable API (DRF's templates carry an inline
``<style>``) and the Swagger UI at /api/docs/ (drf-spectacular loads it from a CDN; its start-up
script is served by the split view from this site). Those pages get exactly what they need, no
inline script anywhere.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from drf_spectacular.settings import spectacular_settings


def _swagger_origin() -> str:
    parts = urlsplit(spectacular_settings.SWAGGER_UI_DIST)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


class PolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or not response.get("Content-Type", "").startswith("text/html"):
            return parts
        path = request.path_info
        if path.startswith("/api/docs/"):
            origin = _swagger_origin()
            extra = [origin] if origin else []
            parts.update = {
                "script-src": extra,
                "style-src": [*extra, UNSAFE_INLINE],
                "img-src": extra,
            }
        elif path.startswith("/api/"):
            parts.update = {"style-src": [UNSAFE_INLINE]}
        return parts
