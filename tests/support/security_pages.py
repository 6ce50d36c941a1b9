"""Helpers for the security tests that drive Chromium: signed-in browser contexts, and watchers
for Content-Security-Policy violations and for injected script that runs."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client

from tests.support.browser import chromium_page

# Installed in every page before its own scripts: records each CSP violation and offers the
# hook an injected payload would call.
WATCH_SCRIPT = """
window.__csp_violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__csp_violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
});
"""


def session_cookie(user) -> dict[str, str]:
    """A signed-in session for ``user``, made before any browser starts (see tests/browser.py)."""
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}


@dataclass
class Watched:
    """What one page did that it should not: CSP violations, dialogs opened, console errors."""

    page: object
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def violations(self) -> list[str]:
        reported = self.page.evaluate("window.__csp_violations || []")
        logged = [line for line in self.console if "Content Security Policy" in line]
        return reported + logged


def watch(page, base_url: str, cookie: dict[str, str] | None) -> Watched:
    """Sign the page's context in with ``cookie`` and start recording on ``page``."""
    if cookie:
        page.context.add_cookies([{**cookie, "url": base_url}])
    watched = Watched(page=page)
    page.add_init_script(WATCH_SCRIPT)
    page.on("console", lambda message: watched.console.append(f"{message.type}: {message.text}"))

    def dismiss(dialog):
        watched.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    return watched


@contextmanager
def watched_page(base_url: str, user=None, **context_options) -> Iterator[Watched]:
    """A Chromium page, signed in as ``user`` when given, recording violations and dialogs."""
    cookie = session_cookie(user) if user is not None else None
    with chromium_page(**context_options) as page:
        yield watch(page, base_url, cookie)


@contextmanager
def watched_pages(base_url: str, users: dict, **context_options) -> Iterator[dict[str, Watched]]:
    """One browser, one context per role in ``users`` (role -> user or None), each page watched."""
    cookies = {role: session_cookie(user) if user is not None else None for role, user in users.items()}
    with chromium_page(**context_options) as first:
        browser = first.context.browser
        watched = {}
        for role, cookie in cookies.items():
            page = browser.new_context(**context_options).new_page()
            watched[role] = watch(page, base_url, cookie)
        yield watched
