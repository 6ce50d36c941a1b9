"""XSS: a corpus of payloads put through every free-text field that someone is shown (titles,
abstracts, keywords, author names, affiliations, bios, references, declarations, file names,
decision letters, responses to reviewers, editors' notes, withdrawal and reopening reasons, search
queries, and the Crossref-derived texts of the reference check), entered through the services,
then the pages each role reads loaded in headless Chromium with the CSP switched off: escaping and
sanitizing alone must hold. No payload may run (window.__xss set, a dialog opened), and no
element, event handler or javascript: link may come from one.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse

from editorial.models import Article, Submission
from editorial.publishing.links import article_url
from editorial.submissions.services import contributors, decisions, submissions
from editorial.submissions.services import files as file_services
from editorial.workflow import State
from tests.support.factories import IssueFactory
from tests.support.security_pages import watched_page, watched_pages
from tests.support.security_world import run_reference_check
from tests.support.workflow_fixtures import PATHS, _move, make_pdf, ready_draft, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each would set window.__xss or open a dialog if it reached the page as markup.
PAYLOADS = [
    "<script>window.__xss='script'</script>",
    '"><img src=x onerror="window.__xss=\'img\'">',
    "'><svg onload=alert('svg')>",
    "</script><script>alert('json-ld')</script>",
    "<a href=\"javascript:window.__xss='link'\">click</a>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<details open ontoggle=alert('details')>x</details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
    "</textarea><img src=x onerror=alert('textarea')>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\">",
]

# After the page has loaded: anything that came from a payload and could run.
INJECTED = """() => {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('on')) found.push(`${element.tagName} ${attribute.name}`);
      if (/^\\s*javascript:/i.test(attribute.value)) found.push(`${element.tagName} ${attribute.name}=javascript:`);
    }
  }
  // (the site's own pages use <details>; a payload's would carry an ontoggle handler, caught above)
  for (const tag of ['iframe', 'svg', 'math', 'noscript', 'object', 'embed']) {
    document.querySelectorAll(tag).forEach(() => found.push(tag));
  }
  document.querySelectorAll('script').forEach((script) => {
    if (script.type !== 'application/ld+json') found.push('script');
  });
  document.querySelectorAll('img').forEach((img) => { if (img.getAttribute('src') === 'x') found.push('img src=x'); });
  return found;
}"""


def _crossref_record(doi: str, payload: str) -> dict:
    return {
        "DOI": doi,
        "type": "journal-article",
        "title": [f"Registered {payload}"],
        "author": [{"family": f"Evil{payload}", "given": payload, "sequence": "first"}],
        "issued": {"date-parts": [[1999, 1]]},
        "container-title": [f"Container {payload}"],
        "publisher": payload,
    }


def _fill_draft(cast, marker: str, payload: str) -> Submission:
    """A complete draft whose every free-text field carries the payload."""
    draft = ready_draft(cast, title=f"{marker} {payload}")
    submissions.update_metadata(
        user=cast.author,
        submission_id=draft.pk,
        language="en",
        title=f"{marker} {payload}",
        abstract=f"Abstract {payload}",
        keywords=[payload, f"kw {payload}"],
        section_id=cast.section.pk,
    )
    contributors.add_contributor(
        user=cast.author,
        submission_id=draft.pk,
        given_names=f"Given {payload}",
        family_name=f"Family {payload}",
        affiliation=f"Institute {payload}",
        country="RU",
        bio=f"Bio {payload}",
    )
    submissions.save_references(
        user=cast.author,
        submission_id=draft.pk,
        items=[f"Reference {payload}", f"Cited A. 1999. Something else entirely. DOI: 10.5555/{marker.lower()}"],
    )
    submissions.save_declarations(
        user=cast.author,
        submission_id=draft.pk,
        originality_declared=True,
        no_competing_interests=False,
        competing_interests=f"Interests {payload}",
    )
    file_services.add_file(
        user=cast.author, submission_id=draft.pk, kind="supplement", upload=upload(make_pdf(), name=f"{payload}.pdf")
    )
    return Submission.objects.get(pk=draft.pk)


@pytest.fixture
def world(cast, settings):
    # Submitting asks for a reference check; outside run_reference_check nothing answers, at once.
    settings.CROSSREF_REST_RETRIES = 0
    settings.CROSSREF_REST_BACKOFF_SECONDS = 0

    def build(number: int, payload: str) -> dict:
        marker = f"XSS{number}"
        # Reviewed, decided, revised, then published: letters, notes and responses on every page.
        reviewed = _fill_draft(cast, marker, payload)
        for step in PATHS[State.UNDER_REVIEW]:
            step(cast, reviewed)
        decisions.add_internal_note(user=cast.managing_editor, submission_id=reviewed.pk, text=f"Note {payload}")
        decisions.record_decision(
            user=cast.managing_editor,
            submission_id=reviewed.pk,
            kind="minor_revision",
            letter=f"Letter {payload}",
            subject=f"Subject {payload}",
        )
        submissions.submit_revision(
            user=cast.author,
            submission_id=reviewed.pk,
            manuscript=upload(make_pdf("Revised"), name=f"revised {payload}.pdf"),
            response_to_reviewers=f"Response {payload}",
        )
        run_reference_check(settings, reviewed, [_crossref_record(f"10.5555/{marker.lower()}", payload)])
        # Rejected at the desk, reopened, withdrawn: the reasons show in the history.
        rejected = _fill_draft(cast, f"{marker}R", payload)
        for step in PATHS[State.SUBMITTED]:
            step(cast, rejected)
        decisions.desk_reject(
            user=cast.managing_editor, submission_id=rejected.pk, letter=f"Desk {payload}", subject=f"Desk {payload}"
        )
        decisions.reopen_submission(user=cast.managing_editor, submission_id=rejected.pk, note=f"Reopen {payload}")
        submissions.withdraw_submission(user=cast.author, submission_id=rejected.pk, reason=f"Withdraw {payload}")
        # Published: the public pages.
        published = _fill_draft(cast, f"{marker}P", payload)
        for step in [*PATHS[State.ACCEPTED], _move(State.IN_PRODUCTION), _move(State.PUBLISHED)]:
            step(cast, published)
        issue = IssueFactory(journal=cast.journal, number=str(number))
        # Acceptance made the publication record; give it what a published article has.
        Article.objects.filter(submission=published).update(
            issue=issue, doi=f"10.5555/published.{number}", status=Article.Status.PUBLISHED, first_page="75"
        )
        article = Article.objects.get(submission=published)
        draft = _fill_draft(cast, f"{marker}D", payload)
        steps = ["details", "authors", "files", "references", "declarations", "submit"]
        return {
            "marker": marker,
            "anonymous": [
                article_url(article),
                reverse("journal-home", args=[cast.journal.slug]),
                reverse("issue", args=[cast.journal.slug, issue.pk]),
                reverse("search") + "?q=" + quote(marker),
                reverse("search") + "?q=" + quote(payload),
            ],
            "author": [
                reverse("author-dashboard"),
                reverse("author-submission", args=[reviewed.pk]),
                reverse("author-submission", args=[rejected.pk]),
                *[reverse("draft-step", args=[draft.pk, step]) for step in steps],
            ],
            "managing_editor": [
                reverse("editor-dashboard"),
                reverse("editor-dashboard") + "?q=" + quote(payload),
                reverse("editor-submission", args=[reviewed.pk]),
                reverse("editor-decide", args=[reviewed.pk]) + "?kind=accept",
                reverse("editor-submission", args=[rejected.pk]),
                reverse("reference-check-report", args=[reviewed.pk]),
            ],
            # The Crossref-derived texts (the registered title and first author) are on the report.
            "crossref_texts": {
                reverse("reference-check-report", args=[reviewed.pk]): [
                    f'The DOI points to "Registered {payload}"',
                    f"Crossref's first author is Evil{payload}",
                ]
            },
            "shows_payload": [
                article_url(article),
                reverse("author-submission", args=[reviewed.pk]),
                reverse("editor-submission", args=[reviewed.pk]),
                reverse("editor-submission", args=[rejected.pk]),
                reverse("reference-check-report", args=[reviewed.pk]),
            ],
        }

    return build


ROLES = ("anonymous", "author", "managing_editor")


def test_no_payload_runs_on_any_page_that_shows_it(live_server, cast, world):
    worlds = [(payload, world(number, payload)) for number, payload in enumerate(PAYLOADS)]

    with watched_pages(live_server.url, {role: cast.user(role) for role in ROLES}, bypass_csp=True) as watched:
        for payload, pages in worlds:
            for role in ROLES:
                page = watched[role].page
                for path in pages[role]:
                    response = page.goto(live_server.url + path)
                    assert response.status == 200, path
                    # Handlers run while the page loads (onerror, onload) and are caught here; one that
                    # would need an event later (ontoggle, a click) is caught as the attribute itself.
                    assert page.evaluate("window.__xss") is None, f"{path}: {payload}"
                    assert page.evaluate(INJECTED) == [], f"{path}: {payload}"
                    # The payload did reach the pages that show the fields, as text.
                    if path in pages["shows_payload"]:
                        assert payload in page.inner_text("main"), f"{path} does not show {payload}"
                    for text in pages["crossref_texts"].get(path, []):
                        assert text in page.inner_text("main"), f"{path} does not show {text}"
    for role in ROLES:
        assert watched[role].dialogs == [], role


def test_the_detector_sees_a_payload_that_does_run(live_server, cast):
    """The checks above can fail: the same payloads written into a page unescaped are caught."""
    with watched_page(live_server.url, bypass_csp=True) as watched:
        watched.page.goto(live_server.url + "/")
        watched.page.evaluate(
            "(payloads) => { for (const p of payloads) document.body.insertAdjacentHTML('beforeend', p); }",
            PAYLOADS,
        )
        watched.page.wait_for_timeout(300)
        injected = watched.page.evaluate(INJECTED)

    assert watched.dialogs, "no dialog seen"
    assert {"IMG onerror", "A href=javascript:", "iframe", "DETAILS ontoggle"} <= set(injected)
