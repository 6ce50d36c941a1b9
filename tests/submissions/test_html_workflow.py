"""The workflow through the HTML pages: sign in, the step-by-step submission, the editor's actions,
the revision, the decision; clear messages when a move is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Contributor, Decision, OutgoingEmail, Reference, Submission
from editorial.submissions.services import decisions
from editorial.workflow import State
from tests.support.client import messages_of, sign_in
from tests.support.workflow_fixtures import make_docx, make_pdf, ready_draft, submission_in, upload


def test_the_whole_path_from_draft_to_accepted(client, cast):
    sign_in(client, cast.author)
    assert client.get(reverse("editorial-home"))["Location"] == reverse("author-dashboard")

    response = client.post(reverse("submission-start"), {"journal": cast.journal.pk})
    submission = Submission.objects.get()
    assert response["Location"] == reverse("draft-step", args=[submission.pk, "details"])

    step = reverse("draft-step", args=[submission.pk, "details"])
    response = client.post(
        step,
        {
            "section": cast.section.pk,
            "language": "en",
            "title": "Hedging in Central Asia",
            "abstract": "Small states hedge.",
            "keywords": "hedging; Central Asia",
            "continue": "",
        },
    )
    assert response["Location"] == reverse("draft-step", args=[submission.pk, "authors"])

    authors = reverse("draft-step", args=[submission.pk, "authors"])
    response = client.post(
        authors,
        {
            "given_names": "Pavel",
            "family_name": "Primerov",
            "orcid": "0000-0002-1825-0097",
            "affiliation": "Institute of Example Studies",
            "country": "RU",
        },
    )
    assert response.status_code == 302
    added = Contributor.objects.get(family_name="Primerov")
    client.post(authors, {"action": "up", "contributor": added.pk})
    assert list(submission.contributors.order_by("position").values_list("family_name", flat=True)) == [
        "Primerov",
        "Testova",
    ]

    files = reverse("draft-step", args=[submission.pk, "files"])
    response = client.post(files, {"kind": "manuscript", "file": upload(make_pdf(), "paper.pdf")})
    assert response.status_code == 302
    assert "paper.pdf" in client.get(files).content.decode()

    references = reverse("draft-step", args=[submission.pk, "references"])
    client.post(references, {"action": "paste", "text": "1. Alpha 2001.\n2. Beta\n2002.\n3. Gamma."})
    page = client.get(references).content.decode()
    assert "Beta 2002." in page
    client.post(references, {"item": ["Alpha 2001.", "Beta 2002, corrected.", ""], "save": "items"})
    assert list(Reference.objects.filter(submission=submission).values_list("raw_text", flat=True)) == [
        "Alpha 2001.",
        "Beta 2002, corrected.",
    ]

    declarations = reverse("draft-step", args=[submission.pk, "declarations"])
    client.post(declarations, {"originality_declared": "on", "no_competing_interests": "on", "continue": ""})

    check = reverse("draft-step", args=[submission.pk, "submit"])
    assert "Still needed" not in client.get(check).content.decode()
    response = client.post(check, follow=True)
    assert response.redirect_chain[-1][0] == reverse("author-submission", args=[submission.pk])
    assert "your manuscript has been submitted" in response.content.decode()
    assert "Received: the editors are reading it" in response.content.decode()

    client.post(reverse("logout"))
    sign_in(client, cast.managing_editor)
    dashboard = client.get(reverse("editor-dashboard"))
    assert dashboard.context["board"].counts[0][1] == 1  # "New"
    assert "Hedging in Central Asia" in dashboard.content.decode()
    client.post(reverse("editor-assign", args=[submission.pk]), {"editor": cast.handling_editor.person.pk})

    client.post(reverse("logout"))
    sign_in(client, cast.handling_editor)
    client.post(reverse("editor-send-to-review", args=[submission.pk]))
    decide = reverse("editor-decide", args=[submission.pk])
    form = client.get(decide, {"decision": "major_revision"}).context["form"]
    assert form.initial["letter"].startswith("Dear Anna Testova,")  # the corresponding author, wherever listed
    due = timezone.localdate() + timedelta(days=45)
    response = client.post(
        decide,
        {
            "decision": "major_revision",
            "revision_due": due.isoformat(),
            "subject": "Major revision",
            "letter": "Please rework section 2.",
        },
        follow=True,
    )
    assert "Decision recorded (major revision)" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).revision_due == due

    client.post(reverse("logout"))
    sign_in(client, cast.author)
    dashboard = client.get(reverse("author-dashboard")).content.decode()
    assert "Revisions requested" in dashboard
    assert due.strftime("%B %Y").lstrip("0") in dashboard
    response = client.post(
        reverse("submission-revise", args=[submission.pk]),
        {"manuscript": upload(make_docx(), "revised.docx"), "response_to_reviewers": "Section 2 rewritten."},
        follow=True,
    )
    assert "Your revision has been sent" in response.content.decode()
    assert "Please rework section 2." in response.content.decode()  # the letter, on the author's page

    client.post(reverse("logout"))
    sign_in(client, cast.handling_editor)
    page = client.get(reverse("editor-submission", args=[submission.pk])).content.decode()
    assert "Round 2" in page
    assert "Section 2 rewritten." in page
    client.post(decide, {"decision": "accept", "subject": "Accepted", "letter": "Dear authors, accepted."}, follow=True)
    submission.refresh_from_db()
    assert submission.state == State.ACCEPTED
    assert list(Decision.objects.filter(submission=submission).values_list("kind", flat=True)) == [
        "major_revision",
        "accept",
    ]
    assert OutgoingEmail.objects.filter(submission=submission, kind="decision").count() == 1


def test_a_refused_move_is_explained_and_nothing_changes(client, cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    decisions.record_decision(user=cast.managing_editor, submission_id=submission.pk, kind="reject")
    client.force_login(cast.handling_editor)
    # The handling editor's page still offered the decision; meanwhile the managing editor rejected.
    response = client.post(
        reverse("editor-decide", args=[submission.pk]),
        {"decision": "accept", "subject": "Accepted", "letter": "Accepted."},
        follow=True,
    )
    texts = messages_of(response) or [response.content.decode()]
    assert any("Nothing was changed: this submission is now rejected" in text for text in texts)
    assert "cannot become accepted" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).state == State.REJECTED
    assert Decision.objects.filter(submission=submission).count() == 1


def test_submitting_an_incomplete_draft_lists_what_is_missing_with_links(client, cast):
    draft = ready_draft(cast)
    Contributor.objects.filter(submission=draft).update(is_corresponding=False)
    client.force_login(cast.author)
    response = client.post(reverse("draft-step", args=[draft.pk, "submit"]), follow=True)
    page = response.content.decode()
    assert "Mark one author as the corresponding author." in page
    assert reverse("draft-step", args=[draft.pk, "authors"]) in page
    assert Submission.objects.get(pk=draft.pk).state == State.DRAFT


def test_form_errors_appear_next_to_their_fields(client, cast):
    draft = ready_draft(cast)
    client.force_login(cast.author)
    authors = client.post(
        reverse("draft-step", args=[draft.pk, "authors"]),
        {"given_names": "P", "family_name": "Q", "orcid": "0000-0002-1825-0096"},
    )
    assert authors.status_code == 200
    assert "check digit" in " ".join(authors.context["form"].errors["orcid"])
    files = client.post(
        reverse("draft-step", args=[draft.pk, "files"]), {"kind": "manuscript", "file": upload(b"text", "x.pdf")}
    )
    assert "judged by its content" in " ".join(files.context["form"].errors["file"])
    details = client.post(reverse("draft-step", args=[draft.pk, "details"]), {"language": "en", "title": ""})
    assert set(details.context["form"].errors) == {"title", "abstract"}


def test_a_submitted_manuscripts_steps_redirect_to_its_page(client, cast):
    submission = submission_in(cast, State.SUBMITTED)
    client.force_login(cast.author)
    response = client.get(reverse("draft-step", args=[submission.pk, "details"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("author-submission", args=[submission.pk])
    assert "can no longer be edited" in response.content.decode()


def test_withdrawing_asks_first_and_then_withdraws(client, cast):
    submission = submission_in(cast, State.SUBMITTED)
    client.force_login(cast.author)
    assert (
        "Withdraw the submission?" in client.get(reverse("submission-withdraw", args=[submission.pk])).content.decode()
    )
    assert Submission.objects.get(pk=submission.pk).state == State.SUBMITTED
    client.post(reverse("submission-withdraw", args=[submission.pk]), {"reason": "Changed my mind"})
    assert Submission.objects.get(pk=submission.pk).state == State.WITHDRAWN


def test_the_desk_rejection_page_drafts_a_letter_that_the_editor_sends(client, cast):
    submission = submission_in(cast, State.SUBMITTED)
    client.force_login(cast.managing_editor)
    url = reverse("editor-desk-reject", args=[submission.pk])
    form = client.get(url).context["form"]
    assert "not to send it to review" in form.initial["letter"]
    client.post(url, {"subject": "Decision", "letter": "Out of scope."})
    assert Submission.objects.get(pk=submission.pk).state == State.DESK_REJECTED
    assert Decision.objects.get(submission=submission).letter == "Out of scope."


def test_the_editors_page_shows_timeline_notes_files_emails_and_no_missing_panels(client, cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    client.force_login(cast.managing_editor)
    client.post(reverse("editor-note", args=[submission.pk]), {"text": "Ask about the data."})
    page = client.get(reverse("editor-submission", args=[submission.pk])).content.decode()
    assert "internal note" in page
    assert "Ask about the data." in page
    assert "Round 1" in page
    assert "we have received your manuscript" in page
    assert "No reviewer invited yet." in page  # the review panel, in place of its placeholder


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("author", {"My submissions", "Submit a manuscript", "Sign out"}),
        ("managing_editor", {"Editorial dashboard", "My submissions", "Submit a manuscript", "Sign out"}),
    ],
)
def test_the_navigation_shows_the_dashboards_of_the_users_roles(client, cast, role, links):
    client.force_login(cast.user(role))
    page = client.get(reverse("author-dashboard")).content.decode()
    nav = page[page.index('<nav class="account-nav"') : page.index("</nav>")]
    shown = {
        name for name in ("Editorial dashboard", "My submissions", "Submit a manuscript", "Sign out") if name in nav
    }
    assert shown == links


def test_readers_see_no_navigation_and_pay_no_query_for_it(client, cast, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # the journal list, nothing about roles or sessions
        page = client.get(reverse("home")).content.decode()
    assert "account-nav" not in page
    assert "dashboard.css" not in page


def test_signing_out_is_a_post_and_lands_on_the_home_page(client, cast):
    sign_in(client, cast.author)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("home")
    assert client.get(reverse("author-dashboard"))["Location"].startswith(reverse("login"))


def test_a_wrong_password_is_refused_with_a_message(client, cast):
    response = client.post(reverse("login"), {"username": "author", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_demo_users_can_sign_in_to_their_dashboards(client, db, monkeypatch, fast_passwords):
    from django.core.management import call_command

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.post(reverse("login"), {"username": "demo-editor", "password": "demo-password-for-tests"})
    dashboard = client.get(reverse("editor-dashboard"))
    assert dashboard.status_code == 200
    assert "[Demo] Hedging in Central Asia" in dashboard.content.decode()
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "demo-author", "password": "demo-password-for-tests"})
    mine = client.get(reverse("author-dashboard")).content.decode()
    assert "[Demo] Review of a Book on Digital Diplomacy" in mine  # the draft
    assert "Revision requested: please revise it" in mine
    assert client.get(reverse("editor-dashboard")).status_code == 403


def test_changing_the_decision_drafts_the_letter_again_without_recording_anything(client, cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    client.force_login(cast.handling_editor)
    url = reverse("editor-decide", args=[submission.pk])
    response = client.post(
        url, {"decision": "reject", "subject": "x", "letter": "old draft", "revision_due": "", "redraft": "1"}
    )
    assert response.status_code == 200
    assert "We regret that we cannot publish" in response.context["form"].initial["letter"]
    assert Submission.objects.get(pk=submission.pk).state == State.UNDER_REVIEW
    assert not Decision.objects.exists()


def test_an_abstract_with_markup_is_sanitized_on_the_editors_page(client, cast):
    submission = submission_in(cast, State.SUBMITTED)
    Submission.objects.filter(pk=submission.pk).update(abstract="Of <i>Homo</i> <script>alert(1)</script>")
    client.force_login(cast.managing_editor)
    page = client.get(reverse("editor-submission", args=[submission.pk])).content.decode()
    assert "<i>Homo</i>" in page
    assert "<script>alert(1)" not in page


def test_the_editors_page_carries_the_reference_check_and_doi_registration_panels(client, cast):
    submission = submission_in(cast, State.UNDER_REVIEW)  # submitted, so a reference check is queued
    client.force_login(cast.managing_editor)
    page = client.get(reverse("editor-submission", args=[submission.pk])).content.decode()
    assert 'id="reference-check"' in page
    assert "A new check is waiting to run" in page
    assert 'id="doi-registration-heading"' in page  # its query count: tests/desk/test_submission_page_queries.py
