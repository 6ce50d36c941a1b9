"""The submission form, one step per page; each step saves the draft, so the author can stop anywhere.

Every step works without JavaScript: reordering authors and removing files are small POST
forms with buttons; the page reloads with the result.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from editorial.query_params import NO_SUCH_ID, parse_id
from editorial.submissions.forms import (
    ContributorForm,
    DeclarationsForm,
    FileUploadForm,
    MetadataForm,
    ReferencesPasteForm,
)
from editorial.submissions.models import Submission
from editorial.submissions.services import contributors as contributor_services
from editorial.submissions.services import files as file_services
from editorial.submissions.services import submissions as submission_services
from editorial.web.outcomes import perform
from editorial.workflow import State

STEPS = (
    ("details", "Title and abstract"),
    ("authors", "Authors"),
    ("files", "Files"),
    ("references", "References"),
    ("declarations", "Declarations"),
    ("submit", "Check and submit"),
)
STEP_NAMES = [name for name, _ in STEPS]
# Where a problem reported at submission is fixed.
PROBLEM_STEP = {
    "title": "details",
    "abstract": "details",
    "title_en": "details",
    "section": "details",
    "contributors": "authors",
    "files": "files",
    "originality_declared": "declarations",
    "competing_interests": "declarations",
}


@login_required
@require_http_methods(["GET", "POST"])
def draft_step(request: HttpRequest, submission_id: int, step: str) -> HttpResponse:
    if step not in STEP_NAMES:
        raise Http404("No such step.")
    submission = get_object_or_404(
        Submission.objects.select_related("journal", "section"), pk=submission_id, submitter_id=request.user.pk
    )
    if submission.state != State.DRAFT:
        messages.info(request, "This manuscript has been submitted; it can no longer be edited.")
        return redirect("author-submission", submission.pk)
    return STEP_VIEWS[step](request, submission)


def _render(request: HttpRequest, submission: Submission, step: str, context: dict) -> HttpResponse:
    index = STEP_NAMES.index(step)
    return render(
        request,
        f"submissions/draft/{step}.html",
        {
            "submission": submission,
            "steps": STEPS,
            "step": step,
            "step_number": index + 1,
            "next_step": STEP_NAMES[index + 1] if index + 1 < len(STEPS) else None,
            "previous_step": STEP_NAMES[index - 1] if index else None,
            **context,
        },
    )


def _after_save(request: HttpRequest, submission: Submission, step: str) -> HttpResponse:
    """ "Save and continue" goes to the next step; "Save" stays."""
    if "continue" in request.POST:
        return redirect("draft-step", submission.pk, STEP_NAMES[STEP_NAMES.index(step) + 1])
    return redirect("draft-step", submission.pk, step)


def details(request: HttpRequest, submission: Submission) -> HttpResponse:
    if request.method == "POST":
        form = MetadataForm(request.POST, submission=submission)
        if form.is_valid():
            arguments = form.service_arguments()
            outcome = perform(
                request,
                lambda: submission_services.update_metadata(
                    user=request.user, submission_id=submission.pk, **arguments
                ),
                form=form,
                success="Saved.",
            )
            if outcome.ok:
                return _after_save(request, submission, "details")
    else:
        form = MetadataForm(initial=MetadataForm.initial_for(submission), submission=submission)
    return _render(request, submission, "details", {"form": form})


def authors(request: HttpRequest, submission: Submission) -> HttpResponse:
    contributors = list(submission.contributors.order_by("position").prefetch_related("affiliations"))
    by_id = {str(c.pk): c for c in contributors}
    editing = by_id.get(request.POST.get("contributor") or request.GET.get("edit", ""))
    initial = ContributorForm.initial_for(editing) if editing else None
    form = ContributorForm(initial=initial)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in {"up", "down", "remove"}:
            return _reorder_or_remove(request, submission, by_id.get(request.POST.get("contributor", "")), action)
        form = ContributorForm(request.POST, initial=initial)
        if "continue" in request.POST and not form.has_changed():
            # "Save and continue" with the author fields as they were: nothing typed to keep.
            return _after_save(request, submission, "authors")
        if form.is_valid():
            outcome = _save_contributor(request, submission, editing, form)
            if outcome.ok:
                return _after_save(request, submission, "authors")
        if "continue" in request.POST:
            form.add_error(None, _not_added_message(editing, form))
    return _render(request, submission, "authors", {"contributors": contributors, "form": form, "editing": editing})


def _not_added_message(editing, form: ContributorForm) -> str:
    """What "Save and continue" says when the author details typed could not be saved: nothing
    typed is dropped on the way to the next step, and the user learns what is missing."""
    if editing is None:
        typed = " ".join(form.data.get(name, "").strip() for name in ("given_names", "family_name")).strip()
        who = f"The author you typed ({typed}) was not added" if typed else "The author you typed was not added"
    else:
        who = f"Your changes to {editing.given_names} {editing.family_name} were not saved"
    problems = "; ".join(
        f"{form.fields[name].label}: {' '.join(errors).rstrip('.')}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
        if name != "__all__"
    )
    way_out = (
        "or clear the author fields to continue without this author."
        if editing is None
        else 'or choose "Cancel" to keep the author as they were.'
    )
    return (
        f"{who}, so you are still on this step. {problems + '. ' if problems else ''}"
        f'Correct the author and choose "Save and continue" again, {way_out}'
    )


def _save_contributor(request: HttpRequest, submission: Submission, editing, form: ContributorForm):
    data = form.cleaned_data
    if editing is None:
        return perform(
            request,
            lambda: contributor_services.add_contributor(user=request.user, submission_id=submission.pk, **data),
            form=form,
            success="Author added.",
        )
    return perform(
        request,
        lambda: contributor_services.update_contributor(user=request.user, contributor_id=editing.pk, **data),
        form=form,
        success="Author saved.",
    )


def _reorder_or_remove(request: HttpRequest, submission: Submission, contributor, action: str) -> HttpResponse:
    if contributor is None:
        messages.error(request, "That author is no longer in the list.")
    elif action == "remove":
        perform(
            request,
            lambda: contributor_services.remove_contributor(user=request.user, contributor_id=contributor.pk),
            success=f"{contributor.given_names} {contributor.family_name} removed.",
        )
    else:
        offset = -1 if action == "up" else 1
        perform(
            request,
            lambda: contributor_services.move_contributor(
                user=request.user, contributor_id=contributor.pk, offset=offset
            ),
        )
    return redirect("draft-step", submission.pk, "authors")


def files(request: HttpRequest, submission: Submission) -> HttpResponse:
    form = FileUploadForm()
    if request.method == "POST" and request.POST.get("action") == "remove":
        perform(
            request,
            lambda: file_services.remove_file(user=request.user, file_id=_number(request.POST.get("file", ""))),
            success="File removed.",
        )
        return redirect("draft-step", submission.pk, "files")
    if request.method == "POST":
        form = FileUploadForm(request.POST, request.FILES)
        if form.is_valid():
            outcome = perform(
                request,
                lambda: file_services.add_file(
                    user=request.user,
                    submission_id=submission.pk,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                ),
                form=form,
                success="File uploaded.",
            )
            if outcome.ok:
                return _after_save(request, submission, "files")
    uploaded = submission.files.filter(round=submission.current_round).order_by("kind", "version")
    context = {"form": form, "files": uploaded, "max_size": settings.MANUSCRIPT_MAX_BYTES}
    return _render(request, submission, "files", context)


def references(request: HttpRequest, submission: Submission) -> HttpResponse:
    form = ReferencesPasteForm()
    if request.method == "POST" and request.POST.get("action") == "paste":
        form = ReferencesPasteForm(request.POST)
        if form.is_valid():
            outcome = perform(
                request,
                lambda: submission_services.replace_references_from_text(
                    user=request.user, submission_id=submission.pk, text=form.cleaned_data["text"]
                ),
                form=form,
            )
            if outcome.ok:
                messages.success(request, f"{len(outcome.value)} references found. Check the list and correct it.")
                return redirect("draft-step", submission.pk, "references")
    elif request.method == "POST":
        outcome = perform(
            request,
            lambda: submission_services.save_references(
                user=request.user, submission_id=submission.pk, items=request.POST.getlist("item")
            ),
            success="References saved.",
        )
        if outcome.ok:
            return _after_save(request, submission, "references")
    items = list(submission.references.order_by("position"))
    return _render(request, submission, "references", {"form": form, "references": items})


def declarations(request: HttpRequest, submission: Submission) -> HttpResponse:
    if request.method == "POST":
        form = DeclarationsForm(request.POST)
        if form.is_valid():
            outcome = perform(
                request,
                lambda: submission_services.save_declarations(
                    user=request.user, submission_id=submission.pk, **form.cleaned_data
                ),
                form=form,
                success="Saved.",
            )
            if outcome.ok:
                return _after_save(request, submission, "declarations")
    else:
        form = DeclarationsForm(
            initial={
                "originality_declared": submission.originality_declared,
                "no_competing_interests": submission.no_competing_interests,
                "competing_interests": submission.competing_interests,
            }
        )
    return _render(request, submission, "declarations", {"form": form})


def submit(request: HttpRequest, submission: Submission) -> HttpResponse:
    if request.method == "POST":
        outcome = perform(
            request,
            lambda: submission_services.submit_submission(user=request.user, submission_id=submission.pk),
            success="Thank you: your manuscript has been submitted. A receipt is on its way by e-mail.",
        )
        if outcome.ok:
            return redirect("author-submission", submission.pk)
    problems = [
        (PROBLEM_STEP.get(field, "details"), message)
        for field, messages_ in submission_services.submission_problems(submission).items()
        for message in messages_
    ]
    context = {
        "problems": problems,
        "contributors": submission.contributors.order_by("position"),
        "files": submission.files.filter(round=submission.current_round),
        "reference_count": submission.references.count(),
    }
    return _render(request, submission, "submit", context)


def _number(value: str) -> int:
    return parse_id(value) or NO_SUCH_ID


STEP_VIEWS = {
    "details": details,
    "authors": authors,
    "files": files,
    "references": references,
    "declarations": declarations,
    "submit": submit,
}
