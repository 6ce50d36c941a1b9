"""The Content-Security-Policy middleware, with the one allowance the browsable API needs.

The site's policy (``CONTENT_SECURITY_POLICY`` in settings) allows scripts and styles from this
site only. The browsable API is not ours to rewrite (DRF's templates carry an inline ``<style>``),
so its pages may have inline styles, never inline script. The Swagger UI at /api/docs/ needs
nothing more than the site's policy: its files come from drf-spectacular-sidecar, its start-up
script from the split view and its page style from a file (templates/drf_spectacular/swagger_ui.html).
"""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts


class PolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or not response.get("Content-Type", "").startswith("text/html"):
            return parts
        path = request.path_info
        if path.startswith("/api/") and not path.startswith("/api/docs/"):
            parts.update = {"style-src": [UNSAFE_INLINE]}
        return parts
