"""The report page and its two buttons, through Django's test client and through Chromium."""

import re

import pytest
from django.urls import reverse

from editorial.models import Event
from editorial.references.services import check_submission_now
from tests.support.factories import UserFactory
from tests.support.references import make_editor, make_submission_with_references, work

LIST = "\n".join(
    [
        "1. Snyder G. H. 1991. Alliances, balance, and stability. International Organization, vol. 45. "
        "DOI: 10.5555/ok.",
        "2. Buzan B. 2003. Regions and powers: The structure of security. Cambridge, CUP.",
        "3. Wohlforth W. C. 2002. U. S. strategy in a unipolar world. In: Ikenberry G. J. (ed.). America unrivalled. "
        "New York, Cornell University Press. DOI: 10.5555/elsewhere.",
    ]
)


@pytest.fixture
def standin(crossref, crossref_settings, eager_tasks):
    crossref.add_record(
        work("10.5555/ok", "Alliances, balance, and stability", "Snyder", 1991, "International Organization")
    )
    crossref.add_record(work("10.5555/regions", "Regions and Powers: The Structure of Security", "Buzan", 2003))
    crossref.add_record(work("10.5555/elsewhere", "The Stability of a Unipolar World", "Wohlforth", 1999))
    return crossref


@pytest.fixture
def submission(standin):
    return make_submission_with_references(LIST)


def report_url(submission) -> str:
    return reverse("reference-check-report", args=[submission.pk])


@pytest.mark.django_db
def test_editor_sees_counts_and_each_flagged_reference_with_its_reason(client, submission):
    check_submission_now(submission_id=submission.pk)
    client.force_login(make_editor(submission.journal))
    html = client.get(report_url(submission)).content.decode()
    assert re.search(r"<strong>1</strong> DOI points to another work", html)
    assert re.search(r"<strong>1</strong> DOI found for it", html)
    assert html.index('id="rc-result-3"') < html.index('id="rc-result-2"')  # the gravest first
    assert 'id="rc-result-3"' in html
    assert "The DOI points to &quot;The Stability of a Unipolar World&quot; (1999)" in html
    assert 'id="rc-result-1"' not in html  # an agreeing reference is counted, not listed
    assert html.count('class="rc-apply"') == 1


@pytest.mark.django_db
def test_the_author_reads_the_report_without_buttons_and_strangers_are_refused(client, submission):
    check_submission_now(submission_id=submission.pk)
    client.force_login(submission.submitter)
    html = client.get(report_url(submission)).content.decode()
    assert "Regions and Powers" in html
    assert "rc-apply" not in html
    assert "Check the references again" not in html
    client.force_login(UserFactory(username="stranger"))
    assert client.get(report_url(submission)).status_code == 403


@pytest.mark.django_db
def test_the_page_asks_anonymous_visitors_to_sign_in(client, submission):
    response = client.get(report_url(submission))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_check_again_button_runs_a_check_and_comes_back(client, submission, django_capture_on_commit_callbacks):
    client.force_login(make_editor(submission.journal))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reference-check-run", args=[submission.pk]), {"next": report_url(submission)})
    assert response.status_code == 302
    assert response["Location"] == report_url(submission) + "#reference-check"
    assert submission.reference_checks.get().state == "done"
    refused = client.post(reverse("reference-check-run", args=[submission.pk]), {"next": "https://evil.example/"})
    assert refused["Location"] == report_url(submission) + "#reference-check"  # no open redirect


@pytest.mark.django_db
def test_only_editors_may_press_the_buttons(client, submission):
    check = check_submission_now(submission_id=submission.pk)
    result = check.results.get(position=2)
    client.force_login(submission.submitter)
    assert client.post(reverse("reference-check-run", args=[submission.pk])).status_code == 403
    assert client.post(reverse("reference-check-apply", args=[result.pk])).status_code == 403
    assert submission.references.get(position=2).doi == ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_applies_a_suggested_doi_with_one_click(live_server, submission):
    from tests.support.browser import chromium_page

    check_submission_now(submission_id=submission.pk)
    editor = make_editor(submission.journal)
    editor.is_staff = True  # to sign in through the admin's login page, the site's login for now
    editor.set_password("a long enough password")
    editor.save()
    with chromium_page() as page:
        page.goto(f"{live_server.url}/admin/login/?next={report_url(submission)}")
        page.fill("#id_username", "editor")
        page.fill("#id_password", "a long enough password")
        page.click("input[type=submit]")
        page.wait_for_selector("#reference-check")
        assert "DOI found for it" in page.inner_text("#rc-result-2")
        page.click("#rc-result-2 button.rc-apply")
        page.wait_for_selector(".rc-messages")
        assert "Reference 2 now has DOI 10.5555/regions." in page.inner_text(".rc-messages")
        assert "Applied" in page.inner_text("#rc-result-2")
        assert page.locator("button.rc-apply").count() == 0
    assert submission.references.get(position=2).doi == "10.5555/regions"
    assert Event.objects.get(submission=submission).actor == editor
