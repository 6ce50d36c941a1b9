"""The author's services: files judged by content, the author list, metadata, references, submit,
revise and withdraw. Bad input gets an error per field and leaves nothing half-saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from editorial.documents.types import DOCX, ODT, PDF, detect_document_type
from editorial.errors import IllegalTransition, WrongState
from editorial.models import Contributor, Event, ManuscriptFile, OutgoingEmail, Reference, Revision, Submission
from editorial.submissions.services import contributors, submissions
from editorial.submissions.services import files as file_services
from editorial.submissions.services.submissions import split_reference_list
from editorial.workflow import State
from tests.support.workflow_fixtures import _revise, make_docx, make_odt, make_pdf, ready_draft, submission_in, upload


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


# --- Files --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"), [(make_pdf(), PDF), (make_docx(), DOCX), (make_odt(), ODT)], ids=["pdf", "docx", "odt"]
)
def test_documents_are_recognised_by_their_content(content, expected):
    assert detect_document_type(upload(content, "whatever.bin")) == expected


@pytest.mark.parametrize(
    "content",
    [b"Just some text, not a PDF", b"PK\x03\x04 not really a zip", b"", b"\x89PNG\r\n\x1a\n" + b"0" * 100],
    ids=["text", "broken-zip", "empty", "png"],
)
def test_other_content_is_not_a_document(content):
    assert detect_document_type(upload(content)) is None


def test_a_zip_that_is_neither_word_nor_opendocument_is_not_a_document():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "hello")
    assert detect_document_type(upload(buffer.getvalue(), "paper.docx")) is None


def test_a_word_file_named_pdf_is_stored_as_word_under_a_random_name(cast, media_root):
    draft = ready_draft(cast)
    record = file_services.add_file(
        user=cast.author, submission_id=draft.pk, kind="supplement", upload=upload(make_docx(), "../../etc/paper.pdf")
    )
    assert record.content_type == DOCX.content_type
    assert record.original_name == "paper.pdf"  # Django keeps only the base name of an upload
    assert record.file.name.startswith(f"submissions/{draft.pk}/")
    assert record.file.name.endswith(".docx")
    assert "paper" not in record.file.name
    assert (media_root / record.file.name).read_bytes() == make_docx()
    assert record.sha256 == ManuscriptFile.digest(make_docx())


def test_a_text_file_named_pdf_is_refused_and_nothing_is_saved(cast, media_root):
    draft = ready_draft(cast)
    files_before = stored_files(media_root)
    with pytest.raises(ValidationError) as excinfo:
        file_services.add_file(
            user=cast.author, submission_id=draft.pk, kind="manuscript", upload=upload(b"plain text", "paper.pdf")
        )
    assert "judged by its content" in excinfo.value.message_dict["file"][0]
    assert draft.files.count() == 1
    assert stored_files(media_root) == files_before


def test_a_file_over_the_size_limit_is_refused_with_both_sizes(cast, settings):
    draft = ready_draft(cast)
    settings.MANUSCRIPT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as excinfo:
        file_services.add_file(user=cast.author, submission_id=draft.pk, kind="manuscript", upload=upload(make_pdf()))
    message = excinfo.value.message_dict["file"][0]
    assert "100\xa0bytes" in message
    assert "the largest file accepted" in message
    assert draft.files.count() == 1


def test_a_second_manuscript_is_the_next_version_and_a_draft_file_can_be_removed(cast, media_root):
    draft = ready_draft(cast)
    second = file_services.add_file(
        user=cast.author, submission_id=draft.pk, kind="manuscript", upload=upload(make_odt(), "v2.odt")
    )
    assert (second.round, second.version) == (1, 2)
    file_services.remove_file(user=cast.author, file_id=second.pk)
    assert list(draft.files.values_list("version", flat=True)) == [1]


def test_files_of_a_submitted_manuscript_cannot_be_removed(cast):
    submission = submission_in(cast, State.SUBMITTED)
    with pytest.raises(WrongState):
        file_services.remove_file(user=cast.author, file_id=submission.files.get().pk)


# --- Authors ------------------------------------------------------------------------------------------


def test_the_draft_starts_with_the_submitting_author_as_corresponding_author(cast):
    draft = submissions.start_submission(user=cast.author, journal_id=cast.journal.pk)
    (first,) = draft.contributors.all()
    assert (first.given_names, first.family_name, first.email) == ("Anna", "Testova", "author@example.org")
    assert first.is_corresponding
    assert first.person == cast.author.person


def test_an_invalid_orcid_is_refused_with_its_reason_and_no_author_is_added(cast):
    draft = ready_draft(cast)
    with pytest.raises(ValidationError) as excinfo:
        contributors.add_contributor(
            user=cast.author,
            submission_id=draft.pk,
            given_names="Pavel",
            family_name="Primerov",
            orcid="0000-0002-1825-0096",
            affiliation="Institute",
            country="RU",
        )
    assert "check digit" in excinfo.value.message_dict["orcid"][0]
    assert draft.contributors.count() == 1


def test_an_orcid_url_is_stored_in_its_short_form_with_the_affiliation(cast):
    draft = ready_draft(cast)
    added = contributors.add_contributor(
        user=cast.author,
        submission_id=draft.pk,
        given_names="Pavel",
        family_name="Primerov",
        orcid="https://orcid.org/0000-0002-1825-0097",
        affiliation="Institute of Examples",
        country="ru",
        bio="Senior <i>researcher</i>",
    )
    assert (added.orcid, added.position) == ("0000-0002-1825-0097", 2)
    affiliation = added.affiliations.get()
    assert (affiliation.institution, affiliation.country.code) == ("Institute of Examples", "RU")


def test_an_author_without_names_gets_an_error_per_missing_field(cast):
    draft = ready_draft(cast)
    with pytest.raises(ValidationError) as excinfo:
        contributors.add_contributor(user=cast.author, submission_id=draft.pk, given_names="", family_name="")
    assert set(excinfo.value.message_dict) == {"given_names", "family_name"}


def test_making_someone_corresponding_author_takes_it_from_the_previous_one(cast):
    draft = ready_draft(cast)
    second = contributors.add_contributor(
        user=cast.author,
        submission_id=draft.pk,
        given_names="Jane",
        family_name="Smith",
        email="jane@example.org",
        is_corresponding=True,
    )
    assert list(draft.contributors.filter(is_corresponding=True)) == [second]


def test_the_corresponding_author_needs_an_email_address(cast):
    draft = ready_draft(cast)
    with pytest.raises(ValidationError) as excinfo:
        contributors.add_contributor(
            user=cast.author, submission_id=draft.pk, given_names="Jane", family_name="Smith", is_corresponding=True
        )
    assert "e-mail" in excinfo.value.message_dict["email"][0]
    assert draft.contributors.filter(is_corresponding=True).get().family_name == "Testova"


def test_authors_are_reordered_and_renumbered_after_a_removal(cast):
    draft = ready_draft(cast)
    first = draft.contributors.get()
    second = contributors.add_contributor(user=cast.author, submission_id=draft.pk, given_names="B", family_name="Two")
    third = contributors.add_contributor(user=cast.author, submission_id=draft.pk, given_names="C", family_name="Three")
    contributors.move_contributor(user=cast.author, contributor_id=third.pk, offset=-1)
    assert list(draft.contributors.order_by("position").values_list("family_name", flat=True)) == [
        "Testova",
        "Three",
        "Two",
    ]
    contributors.reorder_contributors(user=cast.author, submission_id=draft.pk, order=[second.pk, first.pk, third.pk])
    contributors.remove_contributor(user=cast.author, contributor_id=first.pk)
    assert list(draft.contributors.order_by("position").values_list("family_name", "position")) == [
        ("Two", 1),
        ("Three", 2),
    ]


def test_a_reorder_that_leaves_someone_out_is_refused(cast):
    draft = ready_draft(cast)
    contributors.add_contributor(user=cast.author, submission_id=draft.pk, given_names="B", family_name="Two")
    with pytest.raises(ValidationError, match="exactly once"):
        contributors.reorder_contributors(
            user=cast.author, submission_id=draft.pk, order=[draft.contributors.first().pk]
        )


def test_another_user_cannot_change_the_author_list(cast):
    draft = ready_draft(cast)
    with pytest.raises(PermissionDenied):
        contributors.add_contributor(user=cast.other_author, submission_id=draft.pk, given_names="X", family_name="Y")
    assert draft.contributors.count() == 1


# --- Metadata and declarations ---------------------------------------------------------------------


def test_an_empty_title_is_refused_and_the_saved_metadata_is_kept(cast):
    draft = ready_draft(cast, title="The saved title")
    with pytest.raises(ValidationError) as excinfo:
        submissions.update_metadata(
            user=cast.author, submission_id=draft.pk, language="en", title="  ", abstract="New abstract"
        )
    assert set(excinfo.value.message_dict) == {"title"}
    draft.refresh_from_db()
    assert (draft.title, draft.abstract) == ("The saved title", "We study alliances.")


def test_a_manuscript_not_in_english_needs_an_english_title_and_abstract(cast):
    draft = ready_draft(cast)
    with pytest.raises(ValidationError) as excinfo:
        submissions.update_metadata(
            user=cast.author, submission_id=draft.pk, language="ru", title="Союзы", abstract="Мы изучаем союзы."
        )
    assert set(excinfo.value.message_dict) == {"title_en", "abstract_en"}


def test_a_section_of_another_journal_is_refused(cast):
    draft = ready_draft(cast)
    from tests.support.factories import SectionFactory

    foreign = SectionFactory(journal=cast.other_journal)
    with pytest.raises(ValidationError) as excinfo:
        submissions.update_metadata(
            user=cast.author, submission_id=draft.pk, language="en", title="T", abstract="A", section_id=foreign.pk
        )
    assert "section" in excinfo.value.message_dict


def test_no_competing_interests_and_a_statement_together_are_refused(cast):
    draft = ready_draft(cast)
    with pytest.raises(ValidationError, match="choose one or the other"):
        submissions.save_declarations(
            user=cast.author,
            submission_id=draft.pk,
            originality_declared=True,
            no_competing_interests=True,
            competing_interests="I consult for a ministry.",
        )


def test_a_submitted_manuscript_cannot_be_edited(cast):
    submission = submission_in(cast, State.SUBMITTED)
    with pytest.raises(WrongState) as excinfo:
        submissions.update_metadata(
            user=cast.author, submission_id=submission.pk, language="en", title="T", abstract="A"
        )
    assert excinfo.value.current == State.SUBMITTED


# --- References -----------------------------------------------------------------------------------------


def test_a_numbered_list_is_split_with_wrapped_lines_joined():
    text = """1. Allison G. 2017. Destined for War. Boston:
    Houghton Mifflin.
    2. Bennett D.S. 1997. Testing alternative models. DOI: 10.2307/2111677.

    3) Walt S. 1987. The Origins of Alliances."""
    assert split_reference_list(text) == [
        "Allison G. 2017. Destined for War. Boston: Houghton Mifflin.",
        "Bennett D.S. 1997. Testing alternative models. DOI: 10.2307/2111677.",
        "Walt S. 1987. The Origins of Alliances.",
    ]


def test_bracketed_numbers_and_unnumbered_lines_are_split_too():
    assert split_reference_list("[1] One.\n[2] Two.") == ["One.", "Two."]
    assert split_reference_list("First reference.\nSecond reference.\n\n") == ["First reference.", "Second reference."]
    assert split_reference_list("First\nwrapped.\n\nSecond\nwrapped.") == ["First wrapped.", "Second wrapped."]


def test_a_year_at_the_start_of_a_wrapped_line_does_not_start_a_reference():
    assert split_reference_list("1. Smith J.\n2003. Title.\n2. Jones K. 2004.") == [
        "Smith J. 2003. Title.",
        "Jones K. 2004.",
    ]


def test_pasted_references_replace_the_list_and_corrections_renumber_it(cast):
    draft = ready_draft(cast)
    submissions.replace_references_from_text(user=cast.author, submission_id=draft.pk, text="1. A.\n2. B.\n3. C.")
    submissions.save_references(user=cast.author, submission_id=draft.pk, items=["A corrected.", "", "C."])
    assert list(Reference.objects.filter(submission=draft).values_list("position", "raw_text")) == [
        (1, "A corrected."),
        (2, "C."),
    ]


# --- Submit, revise, withdraw ----------------------------------------------------------------------------


def test_submitting_moves_the_draft_records_the_event_and_queues_receipt_and_notice(cast):
    draft = ready_draft(cast)
    submissions.submit_submission(user=cast.author, submission_id=draft.pk)
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert draft.submitted_at is not None
    assert draft.events.filter(action=Event.Action.TRANSITION, to_state=State.SUBMITTED, actor=cast.author).exists()
    emails = {(e.kind, e.to) for e in OutgoingEmail.objects.filter(submission=draft)}
    assert emails == {("submission_receipt", "author@example.org"), ("submission_notice", "managing@example.org")}
    receipt = OutgoingEmail.objects.get(kind="submission_receipt")
    assert f"/editorial/submissions/{draft.pk}/" in receipt.body
    assert "Alliances and their discontents" in receipt.body


def test_a_draft_with_no_corresponding_author_is_not_submitted_and_says_why(cast):
    draft = ready_draft(cast)
    Contributor.objects.filter(submission=draft).update(is_corresponding=False)
    with pytest.raises(ValidationError) as excinfo:
        submissions.submit_submission(user=cast.author, submission_id=draft.pk)
    assert excinfo.value.message_dict == {"contributors": ["Mark one author as the corresponding author."]}
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert not OutgoingEmail.objects.exists()


def test_an_empty_draft_lists_every_missing_part(cast):
    draft = submissions.start_submission(user=cast.author, journal_id=cast.journal.pk)
    problems = submissions.submission_problems(draft)
    assert set(problems) == {"title", "abstract", "section", "files", "originality_declared", "competing_interests"}


def test_a_revision_opens_the_next_round_with_new_files_and_the_response(cast, media_root):
    submission = submission_in(cast, State.REVISION_REQUESTED)
    assert submission.revision_due is not None
    submissions.submit_revision(
        user=cast.author,
        submission_id=submission.pk,
        manuscript=upload(make_docx(), "revised.docx"),
        response_to_reviewers="Reviewer 1: we added a section.",
        response_file=upload(make_pdf("Response"), "response.pdf"),
    )
    submission.refresh_from_db()
    assert (submission.state, submission.current_round, submission.revision_due) == (State.RESUBMITTED, 2, None)
    assert list(submission.files.filter(round=2).values_list("kind", "version")) == [
        ("manuscript", 1),
        ("response", 1),
    ]
    assert Revision.objects.get(submission=submission).response_to_reviewers == "Reviewer 1: we added a section."
    assert {e.kind for e in OutgoingEmail.objects.filter(submission=submission)} >= {
        "revision_receipt",
        "revision_notice",
    }


def test_a_revision_without_a_response_is_refused_and_leaves_no_file_behind(cast, media_root):
    submission = submission_in(cast, State.REVISION_REQUESTED)
    files_before = stored_files(media_root)
    with pytest.raises(ValidationError) as excinfo:
        submissions.submit_revision(
            user=cast.author,
            submission_id=submission.pk,
            manuscript=upload(make_pdf()),
            response_to_reviewers=" ",
            response_file=upload(b"not a document", "response.pdf"),
        )
    assert set(excinfo.value.message_dict) == {"response_to_reviewers", "response_file"}
    submission.refresh_from_db()
    assert (submission.state, submission.current_round) == (State.REVISION_REQUESTED, 1)
    assert stored_files(media_root) == files_before


def test_a_revision_nobody_asked_for_is_an_illegal_transition(cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    with pytest.raises(IllegalTransition) as excinfo:
        submissions.submit_revision(
            user=cast.author, submission_id=submission.pk, manuscript=upload(make_pdf()), response_to_reviewers="R"
        )
    assert excinfo.value.current == State.UNDER_REVIEW


def test_withdrawing_under_review_tells_the_editors(cast):
    submission = submission_in(cast, State.UNDER_REVIEW)
    submissions.withdraw_submission(user=cast.author, submission_id=submission.pk, reason="Published elsewhere")
    submission.refresh_from_db()
    assert submission.state == State.WITHDRAWN
    notices = OutgoingEmail.objects.filter(submission=submission, kind="withdrawal_notice")
    assert set(notices.values_list("to", flat=True)) == {"managing@example.org", "handling@example.org"}
    assert submission.events.get(to_state=State.WITHDRAWN).note == "Published elsewhere"


def test_an_accepted_manuscript_cannot_be_withdrawn(cast):
    submission = submission_in(cast, State.ACCEPTED)
    with pytest.raises(IllegalTransition):
        submissions.withdraw_submission(user=cast.author, submission_id=submission.pk)
    assert Submission.objects.get(pk=submission.pk).state == State.ACCEPTED


def test_only_the_submitting_author_can_submit(cast):
    draft = ready_draft(cast)
    with pytest.raises(PermissionDenied):
        submissions.submit_submission(user=cast.managing_editor, submission_id=draft.pk)
    assert Submission.objects.get(pk=draft.pk).state == State.DRAFT


def test_submitting_and_revising_each_request_a_reference_check_run_after_commit(cast):
    from editorial.models import OutboxTask, ReferenceCheck

    draft = ready_draft(cast)
    submissions.submit_submission(user=cast.author, submission_id=draft.pk)
    first = ReferenceCheck.objects.get(submission=draft)
    assert first.reason == ReferenceCheck.Reason.SUBMISSION
    assert OutboxTask.objects.filter(task_name="editorial.run_reference_check", args=[first.pk]).exists()

    revised = submission_in(cast, State.REVISION_REQUESTED)
    # The first round's check has run by the time the author revises (a queued one would be reused).
    ReferenceCheck.objects.filter(submission=revised).update(state=ReferenceCheck.State.DONE)
    checks_before = ReferenceCheck.objects.filter(submission=revised).count()
    _revise(cast, revised)
    latest = ReferenceCheck.objects.filter(submission=revised).latest("pk")
    assert ReferenceCheck.objects.filter(submission=revised).count() == checks_before + 1
    assert latest.reason == ReferenceCheck.Reason.REVISION
