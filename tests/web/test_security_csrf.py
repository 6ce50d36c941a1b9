"""CSRF: every form the site's pages render for each role carries the token, and a POST to each
form's action without it is refused 403. The pages are found by crawling from each role's
starting pages, following the links on them, as a person clicking around would."""

from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from editorial.publishing.links import article_url
from tests.support.factories import published_article
from tests.support.security_world import (
    REFERENCE_WITHOUT_DOI,
    SUGGESTED,
    run_reference_check,
    submission_with_references,
)
from tests.support.workflow_fixtures import ready_draft, submission_in

pytestmark = pytest.mark.django_db

MAX_PAGES = 250
# A filtered list is the same page with other rows: a few of its queries are enough.
QUERIES_PER_PATH = 3
# Where a crawl does not go: machine-readable or file answers, and signing out.
NOT_PAGES = ("/static/", "/media/", "/api/", "/admin/", "/accounts/logout/")


@pytest.fixture
def world(cast, settings):
    article = published_article(doi="10.5555/csrf.1", journal=cast.journal)
    for state in ("submitted", "revision_requested", "accepted", "rejected"):
        submission_in(cast, state, title=f"A submission {state}")
    checked = submission_with_references(
        cast, "under_review", title="A submission under review", references=[REFERENCE_WITHOUT_DOI]
    )
    run_reference_check(settings, checked, [SUGGESTED])
    draft = ready_draft(cast, title="A draft")
    return {"article": article, "draft": draft}


def _crawl(client: Client, starts: list[str]) -> dict[str, list]:
    """The site's HTML pages reachable from ``starts``: path -> the POST forms on it."""
    seen: set[str] = set()
    queries: Counter[str] = Counter()
    forms: dict[str, list] = {}
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        bare = path.split("?", 1)[0]
        if path in seen or queries[bare] >= QUERIES_PER_PATH:
            continue
        seen.add(path)
        queries[bare] += 1
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        document = lxml.html.fromstring(response.content)
        forms[path] = [form for form in document.xpath("//form") if (form.get("method") or "get").lower() == "post"]
        links = list(document.xpath("//a/@href"))
        # A GET form (a filter, "Record a decision") is followed as submitted with its first choices.
        for form in document.xpath("//form"):
            if (form.get("method") or "get").lower() == "get":
                fields = {name: value for name, value in form.form_values() if value}
                for select in form.xpath(".//select[@name]"):
                    options = select.xpath(".//option/@value")
                    if options and options[0]:
                        fields.setdefault(select.get("name"), options[0])
                query = "&".join(f"{name}={value}" for name, value in fields.items())
                links.append((form.get("action") or path) + (f"?{query}" if query else ""))
        for href in links:
            target = urlsplit(urljoin(path, href))
            if target.netloc and target.netloc != "testserver":
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if target.path.startswith(NOT_PAGES) or link in seen:
                continue
            queue.append(link)
    return forms


def _starts(role: str, world) -> list[str]:
    public = ["/", article_url(world["article"]), reverse("login")]
    if role == "anonymous":
        return public
    if role == "author":
        return [reverse("author-dashboard"), reverse("submission-start"), *public]
    return [reverse("editor-dashboard"), reverse("author-dashboard"), *public]


@pytest.mark.parametrize("role", ["anonymous", "author", "managing_editor", "handling_editor"])
def test_every_post_form_a_role_reaches_carries_the_csrf_token_and_is_refused_without_it(cast, world, role):
    browsing = Client()
    user = cast.user(role)
    if user is not None:
        browsing.force_login(user)

    forms = _crawl(browsing, _starts(role, world))

    actions: set[str] = set()
    for path, page_forms in forms.items():
        for form in page_forms:
            tokens = form.xpath(".//input[@type='hidden'][@name='csrfmiddlewaretoken']/@value")
            assert len(tokens) == 1, f"a form on {path} has no CSRF token"
            assert len(tokens[0]) >= 32, f"a form on {path} has an empty CSRF token"
            actions.add(urlsplit(urljoin(path, form.get("action") or path)).path)
    assert actions, "the crawl found no form at all"
    expected = {
        "anonymous": ["/accounts/login/"],
        "author": ["/withdraw/", "/revise/", "/draft/details/", "/draft/files/", "/accounts/logout/"],
        "managing_editor": ["/assign/", "/decide/", "/notes/", "/reopen/", "/run/", "/apply/", "/desk-reject/"],
        "handling_editor": ["/decide/", "/notes/", "/send-to-review/", "/apply/"],
    }[role]
    for fragment in expected:
        assert any(fragment in action for action in actions), f"no {fragment} form reached as {role}"

    attacker = Client(enforce_csrf_checks=True)
    if user is not None:
        attacker.force_login(user)
    for action in sorted(actions):
        response = attacker.post(action, {"title": "forged"})
        assert response.status_code == 403, f"POST {action} without a token answered {response.status_code}"
        assert b"CSRF" in response.content


def test_the_same_post_with_the_token_gets_past_the_csrf_check(cast, world):
    """The refusals above are the CSRF check's, not some other refusal: with the token it passes."""
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(reverse("login"), {"username": "author", "password": "wrong", "csrfmiddlewaretoken": token})

    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
