"""The submission wizard loses nothing typed: an author typed but not added is added on "Save and
continue" (or the step stops and says why), and a text too long is refused with its length, never cut."""

import pytest
from django.urls import reverse

from editorial.models import Contributor, Submission
from editorial.submissions.forms import ContributorForm, DecisionForm, MetadataForm
from tests.support.client import messages_of, sign_in

pytestmark = pytest.mark.django_db

LONG_TITLE = ("A very long title about hedging between great powers " * 12)[:612]


@pytest.fixture
def draft(client, cast) -> Submission:
    sign_in(client, cast.author)
    client.post(reverse("submission-start"), {"journal": cast.journal.pk})
    return Submission.objects.get()


def authors_url(submission) -> str:
    return reverse("draft-step", args=[submission.pk, "authors"])


def test_save_and_continue_adds_a_complete_author_typed_but_not_added(client, draft):
    response = client.post(
        authors_url(draft),
        {
            "given_names": "Pavel",
            "family_name": "Primerov",
            "affiliation": "Institute of Example Studies",
            "continue": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("draft-step", args=[draft.pk, "files"])
    assert list(draft.contributors.order_by("position").values_list("family_name", flat=True)) == [
        "Testova",
        "Primerov",
    ]
    assert "Author added." in messages_of(response)
    assert Contributor.objects.get(family_name="Primerov").affiliations.get().institution == (
        "Institute of Example Studies"
    )


def test_save_and_continue_with_an_incomplete_author_stops_and_says_what_is_missing(client, draft):
    response = client.post(authors_url(draft), {"given_names": "Pavel", "email": "pavel@example.org", "continue": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The author you typed (Pavel) was not added" in page
    assert "Family name: This field cannot be blank" in page
    assert "or clear the author fields to continue without this author." in page
    # What was typed is still in the form.
    assert 'value="Pavel"' in page
    assert 'value="pavel@example.org"' in page
    assert list(draft.contributors.values_list("family_name", flat=True)) == ["Testova"]


def test_save_and_continue_with_empty_author_fields_just_continues(client, draft):
    response = client.post(authors_url(draft), {"given_names": "  ", "country": "", "continue": ""})
    assert response["Location"] == reverse("draft-step", args=[draft.pk, "files"])
    assert draft.contributors.count() == 1


def test_save_and_continue_keeps_unsaved_edits_to_an_author(client, draft):
    first = draft.contributors.get()
    url = authors_url(draft)
    # Unchanged: continue without saving anything.
    unchanged = {**ContributorForm.initial_for(first), "contributor": first.pk, "continue": ""}
    unchanged["is_corresponding"] = "on"
    assert client.post(url, unchanged)["Location"] == reverse("draft-step", args=[draft.pk, "files"])
    # Changed and valid: saved, then on.
    response = client.post(url, {**unchanged, "family_name": "Testova-Ivanova"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.family_name == "Testova-Ivanova"
    # Changed and invalid: the step stays, nothing saved.
    response = client.post(url, {**unchanged, "family_name": "Testova-Ivanova", "orcid": "0000-0002-1825-0096"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your changes to Anna Testova-Ivanova were not saved" in page
    assert "ORCID iD: " in page
    assert "choose &quot;Cancel&quot; to keep the author as they were." in page
    first.refresh_from_db()
    assert first.orcid == ""


def test_the_authors_step_has_save_and_continue_inside_the_author_form(client, draft):
    page = client.get(authors_url(draft)).content.decode()
    form = page[page.index('<h2 id="contributor-form">') :]
    form = form[: form.index("</form>")]
    assert 'name="continue"' in form
    assert "Continue to files</a>" not in page


def test_a_title_longer_than_the_limit_is_refused_with_its_length_and_kept(client, draft, cast):
    details = reverse("draft-step", args=[draft.pk, "details"])
    response = client.post(
        details,
        {
            "section": cast.section.pk,
            "language": "en",
            "title": LONG_TITLE,
            "abstract": "Small states hedge.",
            "continue": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Title is 612 characters; the limit is 500." in page
    assert LONG_TITLE.strip() in page  # the whole title is still in the form, to shorten there
    draft.refresh_from_db()
    assert draft.title == ""


def test_wizard_text_inputs_carry_no_maxlength_that_would_cut_typing(client, draft):
    for step in ("details", "authors"):
        page = client.get(reverse("draft-step", args=[draft.pk, step])).content.decode()
        assert "maxlength" not in page, step


@pytest.mark.parametrize(
    ("form", "field", "limit", "label"),
    [
        (ContributorForm, "family_name", 150, "Family name"),
        (ContributorForm, "affiliation", 300, "Affiliation (institution)"),
        (DecisionForm, "subject", 300, "Subject"),
    ],
)
def test_every_limited_form_field_refuses_with_length_and_limit(form, field, limit, label):
    bound = form({field: "x" * (limit + 7)})
    bound.is_valid()
    assert f"{label} is {limit + 7} characters; the limit is {limit}." in bound.errors[field][0]


def test_the_metadata_form_keeps_a_long_english_title(cast):
    draft = Submission.objects.create(journal=cast.journal, submitter=cast.author)
    form = MetadataForm({"language": "ru", "title_en": "y" * 501}, submission=draft)
    assert not form.is_valid()
    assert form.errors["title_en"] == ["Title in English is 501 characters; the limit is 500. Shorten it."]
    assert "maxlength" not in str(form["title_en"])
