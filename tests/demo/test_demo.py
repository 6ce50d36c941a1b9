"""The demo data: the sample article page as printed, demo users and submissions, loaded idempotently."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.urls import reverse

from editorial.demo.loader import DEFAULT_FIXTURE, DemoFixtureError, load_demo
from editorial.models import Article, Event, Journal, Submission

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "article-page-lomonosov-2021-13-3.txt"
DEMO_USERNAMES = ["demo-editor", "demo-reviewer-1", "demo-reviewer-2", "demo-author"]
ARTICLE_DOI = "10.48015/2076-7404-2021-13-3-75-111"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Demo users get real passwords; a fast hasher keeps the repeated loads quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sample_text() -> str:
    if not SAMPLE.exists():
        pytest.skip(f"the sample article page is not at {SAMPLE}")
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def article() -> Article:
    return load_demo(password="demo-pass").article


def snapshot() -> dict[str, list]:
    """Every row's primary key in every table the demo writes to."""
    models = [*apps.get_app_config("editorial").get_models(), get_user_model()]
    tables = {model._meta.label: sorted(model.objects.values_list("pk", flat=True)) for model in models}
    through = get_user_model().user_permissions.through
    tables["user_permissions"] = sorted(through.objects.values_list("user_id", "permission_id"))
    return tables


def test_loading_twice_changes_no_rows_and_records_no_new_events():
    load_demo()
    before, events = snapshot(), Event.objects.count()
    load_demo()
    assert snapshot() == before
    assert Event.objects.count() == events > 0


def test_references_are_the_fifty_printed_ones_verbatim_in_order(article, sample_text):
    lines = set(sample_text.splitlines())
    references = list(article.submission.references.order_by("position"))
    assert [r.position for r in references] == list(range(1, 51))
    missing = [r.position for r in references if f"{r.position}. {r.raw_text}" not in lines]
    assert missing == []
    printed_dois = [doi.rstrip(".") for doi in re.findall(r"DOI: (\S+)", sample_text.split("\nReferences\n")[1])]
    assert [r.doi for r in references if r.doi] == printed_dois
    assert len(printed_dois) == 37


def test_reference_fields_are_parsed_from_the_printed_text(article):
    refs = {r.position: r for r in article.submission.references.all()}
    assert (refs[1].first_author, refs[1].year) == ("Istomin", 2020)
    assert (refs[21].first_author, refs[21].year) == ("Korolev", 2019)  # printed "2019a"
    assert refs[32].first_author == "Puthan Purayil"
    assert refs[41].first_author == "Van Evera"
    assert "Journal o f Political Science" in refs[10].raw_text
    assert "рр. 211-239" in refs[20].raw_text  # Cyrillic "рр." as printed
    assert refs[40].url == "https://www.hoover.org/research/chinese-leadership-and-elite-responses-us-pacific-pivot"
    assert refs[2].doi == "10.17994/IT.2017.15.4.51.6"


def test_journal_issue_and_article_carry_the_printed_metadata(article, sample_text):
    journal = article.submission.journal
    assert (journal.title, journal.slug) == ("Lomonosov World Politics Journal", "lomonosov-world-politics")
    assert (journal.issn_print, journal.doi_prefix, journal.citation_style) == ("2076-7404", "10.48015", "elpub")
    assert journal.primary_language == "ru"
    assert (article.issue.volume, article.issue.number, article.issue.year) == (13, "3", 2021)
    assert article.issue.is_published
    assert (article.doi, article.pages, article.views) == (ARTICLE_DOI, "75-111", 850)
    assert article.status == Article.Status.PUBLISHED
    assert article.published_on == article.issue.publication_date
    submission = article.submission
    assert (submission.language, submission.title) == ("ru", "")
    assert submission.title_en in sample_text
    assert submission.abstract_en in sample_text
    assert len(submission.abstract_en) > 1500


def test_author_block_is_stored_as_printed(article):
    (contributor,) = article.submission.contributors.all()
    assert contributor.printed_name == "A. N. Korolev"
    assert contributor.is_corresponding
    assert contributor.bio == (
        "Alexander N. Korolev, PhD, Senior Lecturer in Politics and International Relations\n"
        "School of Social Sciences\nSydney NSW 2052"
    )
    (affiliation,) = contributor.affiliations.all()
    assert affiliation.institution == "University of New South Wales"
    assert affiliation.department == "School of Social Sciences"
    assert (affiliation.address, affiliation.country.code) == ("Sydney NSW 2052", "AU")


def test_article_page_is_served_to_readers(client, article):
    url = reverse("article", kwargs={"journal_slug": "lomonosov-world-politics", "article_id": article.pk})
    response = client.get(url, follow=True)  # the short address leads to the canonical one
    assert response.status_code == 200
    assert ARTICLE_DOI in response.content.decode()


def test_submissions_reach_their_demo_states_through_recorded_transitions():
    load_demo()
    fixture = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))
    expected = {entry["title_en"]: entry["state"] for entry in [fixture["published_article"], *fixture["submissions"]]}
    states = dict(Submission.objects.values_list("title_en", "state"))
    assert states == expected
    assert {"submitted", "under_review", "revision_requested", "accepted", "desk_rejected"} <= set(states.values())
    for submission in Submission.objects.all():
        steps = list(submission.events.filter(action=Event.Action.TRANSITION).values_list("from_state", "to_state"))
        walked = ["draft"] + [to for _, to in steps]
        assert [frm for frm, _ in steps] == walked[:-1]  # each step starts where the last ended
        assert walked[-1] == submission.state
    published = Submission.objects.get(state="published")
    assert [e.to_state for e in published.events.all()] == [
        "submitted",
        "under_review",
        "accepted",
        "in_production",
        "published",
    ]


@pytest.mark.parametrize(
    ("break_fixture", "message"),
    [
        (lambda f: f["journal"].update(issn_print="2076-7405"), "journal: issn_print: 2076-7405 is not a valid ISSN"),
        (lambda f: f["people"][-1].update(orcid="0000-0002-1825-0098"), "person demo-author: orcid:"),
        (lambda f: f["published_article"]["references"][-1].update(doi="not a doi"), "reference 50: doi:"),
    ],
    ids=["bad-issn", "bad-orcid", "bad-reference-doi"],
)
def test_broken_fixture_names_the_bad_record_and_saves_nothing(tmp_path, break_fixture, message):
    fixture = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))
    break_fixture(fixture)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(fixture, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DemoFixtureError, match=re.escape(message)):
        load_demo(fixture_path=path)
    assert Journal.objects.count() == 0
    assert all(rows == [] for rows in snapshot().values())


def test_command_prints_usernames_and_passwords_and_keeps_them_on_rerun(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = dict(re.findall(r"^\s+(demo-[\w-]+) / (\S+)", out.getvalue(), flags=re.MULTILINE))
    assert list(printed) == DEMO_USERNAMES
    assert all(authenticate(username=name, password=password) for name, password in printed.items())
    assert f"/lomonosov-world-politics/article/{Article.objects.get().pk}/" in out.getvalue()

    rerun = StringIO()
    call_command("load_demo", stdout=rerun)
    assert "Passwords unchanged." in rerun.getvalue()
    assert authenticate(username="demo-author", password=printed["demo-author"])

    reset = StringIO()
    call_command("load_demo", "--reset-passwords", stdout=reset)
    new = dict(re.findall(r"^\s+(demo-[\w-]+) / (\S+)", reset.getvalue(), flags=re.MULTILINE))
    assert new["demo-author"] != printed["demo-author"]
    assert authenticate(username="demo-author", password=new["demo-author"])
    assert authenticate(username="demo-author", password=printed["demo-author"]) is None


def test_demo_password_environment_variable_sets_every_demo_users_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "correct-horse-demo")
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "demo-editor / correct-horse-demo" in out.getvalue()
    for username in DEMO_USERNAMES:
        assert authenticate(username=username, password="correct-horse-demo") is not None


def test_demo_editor_can_use_the_admin_for_editorial_models_without_being_superuser():
    load_demo()
    editor = get_user_model().objects.get(username="demo-editor")
    assert editor.is_staff
    assert not editor.is_superuser
    assert editor.has_perms(["editorial.change_submission", "editorial.add_article", "editorial.view_reference"])
    assert list(editor.person.roles.values_list("kind", flat=True)) == ["managing_editor"]
    reviewer = get_user_model().objects.get(username="demo-reviewer-1")
    assert not reviewer.is_staff
    assert reviewer.person.roles.get().kind == "reviewer"
    assert Submission.objects.filter(submitter__username="demo-author").count() == 6
