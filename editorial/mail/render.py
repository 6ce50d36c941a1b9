"""The one way an e-mail is rendered: plain text from the template of its kind (``catalogue``)."""

from __future__ import annotations

import functools
import re

from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Engine, Template, engines

from editorial.mail import catalogue

_ESCAPING = re.compile(r"{%\s*autoescape\b|\|\s*(?:force_)?escape(?:js)?\b")


def render_email(template: str, context: dict) -> tuple[str, str]:
    """The subject (one line) and body of the e-mail kind ``template``: the one way an e-mail is rendered.

    E-mail is plain text, so nothing is HTML-escaped: "War & Peace" reaches the reader as typed.
    The engine has autoescape off, and a template that would turn escaping back on is refused.
    """
    subject = _plain_text_template(f"{catalogue.template_base(template)}_subject.txt").render(
        Context(context, autoescape=False)
    )
    body = _plain_text_template(f"{catalogue.template_base(template)}.txt").render(Context(context, autoescape=False))
    return " ".join(subject.split()), body.strip() + "\n"


@functools.cache
def _plain_text_engine() -> Engine:
    return Engine(dirs=[str(path) for path in engines["django"].engine.dirs], autoescape=False)


def _plain_text_template(name: str) -> Template:
    template = _plain_text_engine().get_template(name)
    if _ESCAPING.search(template.source):
        raise ImproperlyConfigured(f"{name} is a plain-text e-mail: it may not use autoescape, escape or force_escape.")
    return template
