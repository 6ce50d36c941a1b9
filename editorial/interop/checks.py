"""System checks (``manage.py check`` and every start): settings that would quietly misbehave."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from editorial.interop import oai


@checks.register(checks.Tags.compatibility)
def oai_admin_email(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """An ``OAI_ADMIN_EMAIL`` that the OAI-PMH schema refuses is skipped by ``Identify``: say so."""
    configured = settings.OAI_ADMIN_EMAIL
    if not configured or oai.is_admin_email(configured):
        return []
    return [
        checks.Warning(
            f"OAI_ADMIN_EMAIL {configured!r} is not an address the OAI-PMH schema accepts "
            "(it needs a domain with a dot).",
            hint="Set OAI_ADMIN_EMAIL to a real address; until then Identify gives a journal's contact "
            "address or DEFAULT_FROM_EMAIL instead.",
            id="editorial.W001",
        )
    ]
