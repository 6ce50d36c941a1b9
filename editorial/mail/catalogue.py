"""Every e-mail the system sends, found from the templates themselves.

An e-mail kind is a template ``templates/<domain>/email/<kind>.txt`` with its subject beside it in
``<kind>_subject.txt``; the kind is stored on each ``OutgoingEmail``. A domain adds or changes an
e-mail in its own template folder, and nothing outside the domain needs to know.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings


class UnknownEmail(LookupError):
    pass


@functools.cache
def kinds() -> dict[str, str]:
    """Each e-mail kind -> the template name of its text, without ``.txt``."""
    found: dict[str, str] = {}
    for folder in (Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", ())):
        for text in sorted(folder.glob("*/email/*.txt")):
            if text.stem.endswith("_subject"):
                continue
            domain = text.parent.parent.name
            if text.stem in found:
                raise ValueError(f"E-mail {text.stem!r} has a template in two domains: {found[text.stem]}, {domain}")
            found[text.stem] = f"{domain}/email/{text.stem}"
    return found


def template_base(kind: str) -> str:
    """The template name of an e-mail kind, without ``.txt`` (``review/email/review_invitation``)."""
    try:
        return kinds()[kind]
    except KeyError:
        raise UnknownEmail(f"No e-mail template for {kind!r} in templates/<domain>/email/") from None
