"""``manage.py check_references``: a submission, an article's DOI, or any DOI, in the foreground."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from editorial.bibliography.status import Status
from editorial.demo.loader import load_demo
from editorial.models import ReferenceCheck
from tests.support.references import work

pytestmark = pytest.mark.django_db

ARTICLE_DOI = "10.48015/2076-7404-2021-13-3-75-111"
STATUS_WORDS = {str(status) for status in Status}


def run(*args) -> str:
    out = StringIO()
    call_command("check_references", *args, stdout=out)
    return out.getvalue()


def test_json_report_of_the_demo_article_by_its_doi(demo_crossref, crossref_settings):
    load_demo(password="demo-pass")
    report = json.loads(run(ARTICLE_DOI, "--json"))
    assert set(report) == {"references", "summary"}
    references = report["references"]
    assert [row["position"] for row in references] == list(range(1, 51))
    assert all({"position", "status", "doi", "detail", "registered"} <= set(row) for row in references)
    assert {row["status"] for row in references} <= STATUS_WORDS
    assert report["summary"] == {"doi_mismatch": 4, "doi_suggested": 3, "no_match": 10, "ok": 33, "total": 50}
    wohlforth = references[48]
    assert wohlforth["status"] == "doi_mismatch"
    assert wohlforth["doi"] == "10.1162/016228899560031"
    assert wohlforth["registered"]["title"] == "The Stability of a Unipolar World"
    assert wohlforth["detail"].startswith('The DOI points to "The Stability of a Unipolar World" (1999)')
    assert references[0]["suggested_doi"] == "10.31278/1810-6439-2020-18-1-30-38"
    assert ReferenceCheck.objects.get().reason == "command"  # the report is kept for the editors


def test_text_report_by_submission_id_lists_what_needs_attention(demo_crossref, crossref_settings):
    submission = load_demo(password="demo-pass").article.submission
    out = run(str(submission.pk))
    assert out.startswith(f"Reference check of submission #{submission.pk}")
    assert "49. doi_mismatch" in out
    assert "The DOI points to" in out
    assert out.rstrip().endswith("50 checked: 4 doi_mismatch, 3 doi_suggested, 10 no_match, 33 ok")


def test_any_other_doi_is_checked_on_its_own(crossref, crossref_settings):
    retraction = {"updated-by": [{"DOI": "10.5555/notice", "type": "retraction", "source": "retraction-watch"}]}
    crossref.add_record(work("10.5555/retracted", "A retracted paper", "Doe", 2018, **retraction))
    report = json.loads(run("https://doi.org/10.5555/retracted", "--json"))
    (row,) = report["references"]
    assert (row["status"], row["doi"]) == ("retracted", "10.5555/retracted")
    assert "Retraction Watch" in row["detail"]
    assert report["summary"] == {"retracted": 1, "total": 1}
    assert json.loads(run("10.5555/nothing", "--json"))["references"][0]["status"] == "doi_not_found"
    assert not ReferenceCheck.objects.exists()


def test_crossref_down_is_reported_as_unverified(crossref, crossref_settings):
    crossref.fail("500", times=10)
    (row,) = json.loads(run("10.5555/anything", "--json"))["references"]
    assert row["status"] == "unverified"


@pytest.mark.parametrize(("target", "message"), [("999999", "no submission #999999"), ("not-a-doi", "neither")])
def test_an_unknown_target_is_a_clear_error(target, message, crossref_settings):
    with pytest.raises(CommandError, match=message):
        run(target)
