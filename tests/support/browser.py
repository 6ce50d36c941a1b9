"""Playwright against Debian's Chromium: the project never downloads a browser of its own."""

import os
from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.workflow_fixtures import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium_page(**context_options) -> Iterator:
    """A fresh headless page; Playwright's sync API runs an event loop, which Django must tolerate."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(**context_options)
            yield context.new_page()
        finally:
            browser.close()


def sign_in(page, base_url: str, username: str) -> None:
    """Sign in through the login page, as a person at the keyboard does."""
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def fits_the_screen(page) -> bool:
    """True when the page needs no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
