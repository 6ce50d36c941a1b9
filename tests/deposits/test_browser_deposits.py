"""An editor follows a DOI's registration in the admin, in a real headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from editorial.deposits import services as deposits
from editorial.models import DepositBatch
from tests.support.browser import chromium_page
from tests.support.factories import UserFactory, published_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DOI = "10.48015/2076-7404-2021-13-3-75-111"


def failed_deposit(article) -> DepositBatch:
    batch = deposits.request_deposit(article_id=article.pk, reason="publication", dispatch=False)
    state = deposits.send_batch(batch_id=batch.pk)
    while state == "submitted":
        DepositBatch.objects.filter(pk=batch.pk).update(last_checked_at=None)
        state = deposits.check_batch(batch_id=batch.pk)
    return batch


def test_editor_reads_crossrefs_message_on_a_failed_doi_and_deposits_it_again(live_server, crossref_deposits):
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    editor.set_password("a long enough password")
    editor.save()
    crossref_deposits.set_outcome(DOI, "failure", "ISSN 2076-7404 belongs to another title")
    batch = failed_deposit(published_article(doi=DOI))
    crossref_deposits.set_outcome(DOI, "success")

    with chromium_page() as page:
        page.goto(f"{live_server.url}/admin/login/?next=/admin/editorial/doiregistration/")
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill("a long enough password")
        page.get_by_role("button", name="Log in").click()
        row = page.locator("#result_list tbody tr").first
        expect(row).to_contain_text("Failed")
        row.get_by_role("link", name=DOI).click()
        expect(page.locator(".field-message")).to_contain_text("ISSN 2076-7404 belongs to another title")
        expect(page.locator(".field-history")).to_contain_text(batch.batch_id)
        page.go_back()
        page.locator("#result_list tbody input[type=checkbox]").first.check()
        page.get_by_role("combobox", name="Action").select_option(label="Deposit the selected DOIs with Crossref now")
        page.get_by_role("button", name="Go").click()
        expect(page.locator("ul.messagelist")).to_contain_text(re.compile(r"Deposit \S+: "))
    assert DepositBatch.objects.count() == 2
