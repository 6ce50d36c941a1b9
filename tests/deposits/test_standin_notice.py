"""When deposits and reference checks go to the Crossref stand-in on this machine (``make run``'s demo),
every page that shows a DOI's registration state or a reference check says so in plain words; pointed
at Crossref, none of them does."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from editorial.deposits.selectors import deposits_go_to_standin
from editorial.journals.models import Journal
from editorial.models import DepositBatch, DepositRecord, DoiRegistration
from editorial.operations.selectors import crossref_mode
from editorial.references.selectors import reference_checks_go_to_standin
from editorial.references.services import check_submission_now
from tests.support.pages import normalized, parse, visible_text
from tests.support.standin_notice import DOI_NOTE, ELSEWHERE, REFERENCE_NOTE, next_step, published

ADMIN_NOTE = "Demo: the DOI states of rows sent to the Crossref stand-in come from the stand-in running on this machine"


# --- The rule -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8099", "http://localhost:8099/", "http://LOCALHOST", "http://[::1]:8099/production"]
)
def test_a_deposit_address_on_this_machine_is_the_stand_in(settings, url):
    settings.CROSSREF_DEPOSIT_URL = url
    assert deposits_go_to_standin(Journal(deposit_to_production=False))


@pytest.mark.parametrize(
    "url",
    [
        "https://test.crossref.org",
        "https://doi.crossref.org/servlet/deposit",
        "http://127.0.0.1.example.org:8099",
        "http://localhost.example.org",
        "http://10.0.0.5:8099",
        "",
    ],
)
def test_a_deposit_address_elsewhere_is_not_the_stand_in(settings, url):
    settings.CROSSREF_DEPOSIT_URL = url
    assert not deposits_go_to_standin(Journal(deposit_to_production=False))


def test_the_journals_mode_decides_which_deposit_address_counts(settings):
    settings.CROSSREF_DEPOSIT_URL = "http://127.0.0.1:8099"
    settings.CROSSREF_PRODUCTION_DEPOSIT_URL = "https://doi.crossref.org"
    assert deposits_go_to_standin(Journal(deposit_to_production=False))
    assert not deposits_go_to_standin(Journal(deposit_to_production=True))

    settings.CROSSREF_DEPOSIT_URL = "https://test.crossref.org"
    settings.CROSSREF_PRODUCTION_DEPOSIT_URL = "http://localhost:8099/production"
    assert not deposits_go_to_standin(Journal(deposit_to_production=False))
    assert deposits_go_to_standin(Journal(deposit_to_production=True))


def test_reference_checks_go_to_the_stand_in_only_when_the_rest_api_is_on_this_machine(settings):
    settings.CROSSREF_API_URL = "http://127.0.0.1:8098"
    assert reference_checks_go_to_standin()
    settings.CROSSREF_API_URL = "https://api.crossref.org"
    assert not reference_checks_go_to_standin()


def test_the_status_pages_crossref_mode_follows_the_same_rule(settings):
    settings.CROSSREF_LOGIN_ID, settings.CROSSREF_LOGIN_PASSWD = "journal", "secret"
    settings.CROSSREF_DEPOSIT_URL = "http://[::1]:8099"
    settings.CROSSREF_PRODUCTION_DEPOSIT_URL = "https://doi.crossref.org"
    assert crossref_mode(Journal(deposit_to_production=False))[0] == "stand-in"
    assert crossref_mode(Journal(deposit_to_production=True)) == ("production", "https://doi.crossref.org")


# --- The pages ----------------------------------------------------------------------------------------


def sections_of(client, submission) -> dict[str, str]:
    """The text of the editor's page's panels that state a DOI or a reference check."""
    html = parse(client.get(reverse("editor-submission", args=[submission.pk])).content.decode())
    found = {
        "production": html.xpath("//section[@id='production']"),
        "doi": html.xpath("//section[contains(@class, 'doi-registration')]"),
        "references": html.xpath("//section[@id='reference-check']"),
    }
    assert all(len(sections) == 1 for sections in found.values()), found
    return {name: normalized(sections[0].text_content()) for name, sections in found.items()}


def test_the_editor_follows_queued_submitted_registered_and_each_panel_says_it_is_the_stand_in(
    client, cast, crew, crossref_here
):
    submission, article = published(client, cast, crew)
    batch = DepositBatch.objects.get()
    for state, label in (
        ("queued", "Queued"),
        ("submitted", "Submitted, waiting for Crossref"),
        ("registered", "Registered"),
    ):
        assert DoiRegistration.objects.get(article=article).state == state
        panels = sections_of(client, submission)
        for name in ("production", "doi"):
            assert label in panels[name], (name, panels[name])
            assert DOI_NOTE in panels[name], (name, panels[name])
        next_step(batch)


def test_the_editors_page_says_the_reference_check_asked_the_stand_in(client, cast, crew, crossref_here):
    submission, _ = published(client, cast, crew)
    check = check_submission_now(submission_id=submission.pk)
    assert check.state == "done", check.error
    references = sections_of(client, submission)["references"]
    assert "1 reference checked against Crossref" in references
    assert REFERENCE_NOTE in references


def test_pointed_at_crossref_the_editors_page_states_the_doi_and_references_without_a_note(
    client, cast, crew, crossref_elsewhere
):
    submission, _ = published(client, cast, crew)
    panels = sections_of(client, submission)
    assert "Queued" in panels["production"]
    assert "Queued" in panels["doi"]
    assert "Reference check" in panels["references"]
    for text in panels.values():
        assert "stand-in" not in text
        assert "Demo" not in text


def test_the_reference_report_page_says_it_was_the_stand_in_only_when_it_was(
    client, cast, crew, settings, crossref_here
):
    submission, _ = published(client, cast, crew)
    check_submission_now(submission_id=submission.pk)
    report = reverse("reference-check-report", args=[submission.pk])
    for reader in (cast.managing_editor, cast.author):
        client.force_login(reader)
        page = visible_text(client.get(report).content.decode())
        assert "1 reference checked against Crossref" in page
        assert REFERENCE_NOTE in page

    settings.CROSSREF_API_URL = ELSEWHERE["CROSSREF_API_URL"]
    page = visible_text(client.get(report).content.decode())
    assert "1 reference checked against Crossref" in page
    assert "stand-in" not in page


def journal_row(client) -> str:
    html = parse(client.get(reverse("system-status")).content.decode())
    (row,) = html.xpath("//tr[@class='journal'][th[normalize-space()='Journal of Workflow Studies']]")
    return normalized(row.text_content())


def test_the_status_pages_crossref_table_says_the_journal_deposits_to_the_stand_in(client, cast, crew, crossref_here):
    published(client, cast, crew)
    row = journal_row(client)
    assert "stand-in" in row
    assert "Queued" in row
    assert DOI_NOTE in row


def test_the_status_pages_crossref_table_has_no_note_for_crossref(client, cast, crew, crossref_elsewhere):
    published(client, cast, crew)
    row = journal_row(client)
    assert row.startswith("Journal of Workflow Studies test")
    assert "Queued" in row
    assert "Demo" not in row
    assert "stand-in" not in row


def admin_pages(article) -> list[str]:
    """The admin's lists and pages of DOI states: registrations, batches, and each DOI in a batch."""
    registration = DoiRegistration.objects.get(article=article)
    batch = DepositBatch.objects.get()
    record = DepositRecord.objects.get()
    return [
        reverse("admin:editorial_doiregistration_changelist"),
        reverse("admin:editorial_doiregistration_change", args=[registration.pk]),
        reverse("admin:editorial_depositbatch_changelist"),
        reverse("admin:editorial_depositbatch_change", args=[batch.pk]),
        reverse("admin:editorial_depositrecord_changelist"),
        reverse("admin:editorial_depositrecord_change", args=[record.pk]),
    ]


def test_every_admin_page_of_doi_states_says_they_came_from_the_stand_in(client, cast, crew, site_admin, crossref_here):
    _, article = published(client, cast, crew)
    next_step(DepositBatch.objects.get())
    client.force_login(site_admin)
    for url in admin_pages(article):
        response = client.get(url)
        assert response.status_code == 200, url
        html = parse(response.content.decode())
        (note,) = html.xpath("//p[@class='standin-note']")
        assert normalized(note.text_content()).startswith(ADMIN_NOTE), url
    for listing in admin_pages(article)[::2]:
        rows = parse(client.get(listing).content.decode()).xpath(
            "//table[@id='result_list']//td[@class='field-sent_to']"
        )
        assert [normalized(cell.text_content()) for cell in rows] == ["Crossref stand-in (demo)"], listing


def test_no_admin_page_of_doi_states_mentions_the_stand_in_for_crossref(
    client, cast, crew, site_admin, crossref_elsewhere
):
    _, article = published(client, cast, crew)
    client.force_login(site_admin)
    for url in admin_pages(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "stand-in" not in visible_text(response.content.decode()), url
    for listing in admin_pages(article)[::2]:
        rows = parse(client.get(listing).content.decode()).xpath(
            "//table[@id='result_list']//td[@class='field-sent_to']"
        )
        assert [normalized(cell.text_content()) for cell in rows] == ["Crossref"], listing


def test_the_api_says_whether_a_registration_and_a_deposit_go_to_the_stand_in(
    client, cast, crew, settings, crossref_here
):
    published(client, cast, crew)
    api = APIClient()
    api.force_authenticate(cast.managing_editor)
    (registration,) = api.get("/api/doi-registrations/").json()["results"]
    assert (registration["state"], registration["standin"]) == ("queued", True)

    for name, url in ELSEWHERE.items():
        setattr(settings, name, url)
    (registration,) = api.get("/api/doi-registrations/").json()["results"]
    assert registration["standin"] is False
    again = api.post(f"/api/doi-registrations/{registration['id']}/deposit/")
    assert again.status_code == 202
    assert again.json()["standin"] is False
