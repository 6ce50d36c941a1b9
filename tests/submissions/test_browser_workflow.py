"""An author submits through the steps in a real headless Chromium, on a phone's screen, uploading a
real PDF made here; an editor then sends it to review and accepts it. No JavaScript is needed."""

import pytest

from editorial.models import Decision, ManuscriptFile, Submission
from editorial.workflow import State
from tests.support.browser import chromium_page, fits_the_screen, sign_in
from tests.support.workflow_fixtures import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Hedging in Central Asia"


def test_an_author_submits_step_by_step_and_an_editor_accepts(live_server, cast, tmp_path):
    manuscript = tmp_path / "manuscript.pdf"
    manuscript.write_bytes(make_pdf("Hedging in Central Asia"))

    with chromium_page(viewport={"width": 390, "height": 844}, java_script_enabled=False) as page:
        sign_in(page, live_server.url, "author")
        assert page.get_by_role("heading", level=1).inner_text() == "My submissions"
        page.get_by_role("link", name="Submit a new manuscript").click()
        page.get_by_label("Journal").select_option(label=cast.journal.title)
        page.get_by_role("button", name="Start").click()

        assert page.locator("[aria-current=step]").inner_text() == "Title and abstract"
        page.get_by_label("Section").select_option(label="Articles")
        page.get_by_label("Title", exact=True).fill(TITLE)
        page.get_by_label("Abstract", exact=True).fill("Small states hedge between great powers.")
        page.get_by_label("Keywords", exact=True).fill("hedging; Central Asia")
        assert fits_the_screen(page)
        page.get_by_role("button", name="Save and continue").click()

        page.get_by_label("Given names").fill("Pavel")
        page.get_by_label("Family name").fill("Primerov")
        page.get_by_label("ORCID iD").fill("0000-0002-1825-0096")  # a typo in the check digit
        page.get_by_role("button", name="Add author").click()
        assert page.get_by_text("its last character (the check digit) does not match").is_visible()
        page.get_by_label("ORCID iD").fill("0000-0002-1825-0097")
        page.get_by_label("Affiliation (institution)").fill("Institute of Example Studies")
        page.get_by_label("Country").select_option("RU")
        page.get_by_role("button", name="Add author").click()
        assert page.get_by_text("Author added.").is_visible()
        page.get_by_role("button", name="Move up Primerov").click()
        assert page.locator("ol.contributors strong").all_inner_texts() == ["Pavel Primerov", "Anna Testova"]
        page.get_by_role("button", name="Save and continue").click()

        page.get_by_label("What the file is").select_option("manuscript")
        page.get_by_label("File", exact=True).set_input_files(str(manuscript))
        page.get_by_role("button", name="Save and continue").click()

        pasted = "1. Walt S. 1987. The Origins\nof Alliances.\n2. Waltz K. 1979."
        page.get_by_label("Paste the reference list").fill(pasted)
        page.get_by_role("button", name="Split into references").click()
        assert page.get_by_label("Reference 1").input_value() == "Walt S. 1987. The Origins of Alliances."
        page.get_by_role("button", name="Save and continue").click()

        page.get_by_label("The work is original").check()
        page.get_by_label("The authors have no competing interests.").check()
        page.get_by_role("button", name="Save and continue").click()

        assert page.get_by_text("Still needed").count() == 0
        page.get_by_role("button", name="Submit the manuscript").click()
        assert page.get_by_text("your manuscript has been submitted").is_visible()
        assert page.get_by_text("Received: the editors are reading it").is_visible()
        page.get_by_role("button", name="Sign out").click()

    submission = Submission.objects.get(title=TITLE)
    stored = ManuscriptFile.objects.get(submission=submission)
    assert (stored.content_type, stored.original_name, stored.size) == (
        "application/pdf",
        "manuscript.pdf",
        len(manuscript.read_bytes()),
    )

    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, live_server.url, "managing")
        assert page.get_by_role("heading", level=1).inner_text() == "Editorial dashboard"
        new_queue = page.get_by_role("link", name="New")
        assert new_queue.locator(".count").inner_text() == "1"
        page.get_by_role("link", name=TITLE).click()
        page.get_by_role("button", name="Send to review").click()
        assert page.get_by_text("Sent to review.").is_visible()

        page.get_by_label("Decision", exact=True).select_option("accept")
        page.get_by_role("button", name="Draft the letter").click()
        letter = page.get_by_label("Letter to the author")
        assert letter.input_value().startswith("Dear Anna Testova,")
        letter.fill(letter.input_value() + "\n\nCongratulations.")
        page.get_by_role("button", name="Record the decision and send the letter").click()
        assert page.get_by_text("Decision recorded (accept)").is_visible()
        assert page.get_by_role("heading", name="State: Accepted").is_visible()

    submission.refresh_from_db()
    assert submission.state == State.ACCEPTED
    assert Decision.objects.get(submission=submission).letter.endswith("Congratulations.")


def test_the_editor_dashboard_fits_a_phone_screen(live_server, cast):
    from tests.support.workflow_fixtures import submission_in

    submission_in(cast, State.SUBMITTED, title="A rather long title that must wrap on a narrow phone screen")
    with chromium_page(viewport={"width": 360, "height": 740}) as page:
        sign_in(page, live_server.url, "managing")
        assert page.get_by_role("link", name="A rather long title").is_visible()
        assert fits_the_screen(page)
        page.get_by_role("link", name="A rather long title").click()
        assert fits_the_screen(page)
