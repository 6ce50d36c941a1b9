"""Production pages: the panel on the editor's submission page posts here, and the production page
is where the copyeditor, the typesetter and the author do their part.

Every step is one POST, one service call; the outcome (or why nothing changed) is a message.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from editorial import permissions
from editorial.production import forms as f
from editorial.production.models import Copyedit, Galley
from editorial.production.selectors import (
    copeditor_queryset,
    issue_choices,
    production_of,
    production_submission,
    section_choices,
)
from editorial.production.services import (
    copyediting,
    proofs,
    publication,
)
from editorial.production.services import (
    galleys as galley_uploads,
)
from editorial.production.services import (
    versions as article_versions,
)
from editorial.submissions.models import ManuscriptFile
from editorial.web.outcomes import perform


@login_required
def production_page(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = production_submission(submission_id=submission_id, user=request.user)
    state = production_of(submission)
    user = request.user
    manuscript = submission.files.filter(kind=ManuscriptFile.Kind.MANUSCRIPT).order_by("round", "version").last()
    context = {
        "submission": submission,
        "manuscript": manuscript,
        "production": state,
        "is_author": permissions.is_author_of(user, submission),
        "is_editor": permissions.can_manage(user, submission),
        "is_typesetter": permissions.is_typesetter_for(user, submission),
        "my_copyedits": [c for c in state.copyedits if c.copyeditor.user_id == user.pk],
    }
    return render(request, "production/production_page.html", context)


@login_required
def production_galley(request: HttpRequest, galley_id: int) -> HttpResponse:
    """A galley before publication, for the people who make it (the author sees approved ones)."""
    galley = Galley.objects.select_related("article__submission").filter(pk=galley_id).first()
    if galley is None or not permissions.can_take_part(request.user, galley.article.submission):
        raise Http404("No such galley.")
    submission = galley.article.submission
    makers = permissions.is_typesetter_for(request.user, submission) or permissions.can_manage(request.user, submission)
    if not galley.is_approved and not makers:
        raise Http404("No such galley.")
    response = FileResponse(galley.file.open("rb"), content_type=galley.content_type)
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
def production_file(request: HttpRequest, file_id: int) -> HttpResponse:
    """A manuscript file for the people of production (the copyeditor is not an editor)."""
    record = ManuscriptFile.objects.select_related("submission").filter(pk=file_id).first()
    if record is None or not permissions.can_take_part(request.user, record.submission):
        raise Http404("No such file.")
    return FileResponse(
        record.file.open("rb"), as_attachment=True, filename=record.original_name, content_type=record.content_type
    )


def _copyedit_id(request: HttpRequest, submission) -> int:
    copyedit = Copyedit.objects.filter(pk=request.POST.get("copyedit") or 0, submission=submission).first()
    if copyedit is None:
        raise Http404("No such copyedit.")
    return copyedit.pk


def _step_assign_copyeditor(request, submission):
    form = f.AssignCopyeditorForm(request.POST, copyeditors=copeditor_queryset(submission.journal_id))
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, lambda: copyediting.assign_copyeditor(
        user=request.user,
        submission_id=submission.pk,
        copyeditor_person_id=data["copyeditor"].pk,
        due_on=data["due_on"],
    )


def _step_upload_copyedit(request, submission):
    form = f.FileForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None
    copyedit_id = _copyedit_id(request, submission)
    return form, lambda: copyediting.upload_copyedit(
        user=request.user, copyedit_id=copyedit_id, upload=form.cleaned_data["file"]
    )


def _step_review_copyedit(request, submission):
    form = f.CopyeditReviewForm(request.POST)
    if not form.is_valid():
        return form, None
    copyedit_id = _copyedit_id(request, submission)
    return form, lambda: copyediting.review_copyedit(
        user=request.user,
        copyedit_id=copyedit_id,
        accept=form.cleaned_data["outcome"] == "accept",
        corrections=form.cleaned_data["corrections"],
    )


def _step_upload_galley(request, submission):
    form = f.GalleyForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, lambda: galley_uploads.upload_galley(
        user=request.user,
        submission_id=submission.pk,
        upload=data["file"],
        label=data["label"],
        position=data["position"],
    )


def _step_approve_galley(request, submission):
    form = f.GalleyApprovalForm(request.POST)
    if not form.is_valid():
        return form, None
    galley_id = form.cleaned_data["galley"]
    if not Galley.objects.filter(pk=galley_id, article__submission=submission).exists():
        raise Http404("No such galley.")
    return form, lambda: galley_uploads.approve_galley(
        user=request.user, galley_id=galley_id, primary=form.cleaned_data["primary"]
    )


def _step_send_proofs(request, submission):
    return None, lambda: proofs.send_proofs(user=request.user, submission_id=submission.pk)


def _step_answer_proofs(request, submission):
    form = f.ProofAnswerForm(request.POST)
    if not form.is_valid():
        return form, None
    return form, lambda: proofs.answer_proofs(
        user=request.user,
        submission_id=submission.pk,
        approve=form.cleaned_data["outcome"] == "approve",
        corrections=form.cleaned_data["corrections"],
    )


def _step_record(request, submission):
    form = f.RecordForm(
        request.POST, issues=issue_choices(submission.journal_id), sections=section_choices(submission.journal_id)
    )
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    extra = {}
    if request.POST.get("mint_doi"):
        extra = {"doi": ""}  # back to the pattern
    elif data["doi"]:
        extra = {"doi": data["doi"]}
    return form, lambda: publication.set_publication_record(
        user=request.user,
        submission_id=submission.pk,
        issue_id=data["issue"].pk if data["issue"] else None,
        section_id=data["section"].pk if data["section"] else None,
        first_page=data["first_page"],
        last_page=data["last_page"],
        article_number=data["article_number"],
        position_in_issue=data["position_in_issue"],
        **extra,
    )


def _step_publish(request, submission):
    form = f.PublishForm(request.POST)
    if not form.is_valid():
        return form, None
    return form, lambda: publication.publish(
        user=request.user,
        submission_id=submission.pk,
        publish_at=form.cleaned_data["publish_at"],
        override_reason=form.cleaned_data["override_reason"],
    )


def _step_unschedule(request, submission):
    return None, lambda: publication.unschedule(user=request.user, submission_id=submission.pk)


def _step_correct(request, submission):
    form = f.CorrectionForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None
    return form, lambda: article_versions.correct_article(
        user=request.user,
        submission_id=submission.pk,
        note=form.cleaned_data["note"],
        galley=form.cleaned_data["galley"],
    )


def _step_retract(request, submission):
    form = f.RetractionForm(request.POST)
    if not form.is_valid():
        return form, None
    return form, lambda: article_versions.retract_article(
        user=request.user, submission_id=submission.pk, notice=form.cleaned_data["notice"]
    )


# step -> (form and service call, success message, whose page to return to)
STEPS: dict[str, tuple[Callable, str, str]] = {
    "assign-copyeditor": (_step_assign_copyeditor, "The copyeditor is assigned and has been told.", "editor"),
    "upload-copyedit": (_step_upload_copyedit, "Copyedited manuscript uploaded; the author will review it.", "own"),
    "review-copyedit": (_step_review_copyedit, "Thank you: your answer is recorded.", "own"),
    "upload-galley": (_step_upload_galley, "Galley uploaded.", "own"),
    "approve-galley": (_step_approve_galley, "Galley approved.", "editor"),
    "send-proofs": (_step_send_proofs, "Proofs sent to the author.", "editor"),
    "answer-proofs": (_step_answer_proofs, "Thank you: your answer on the proofs is recorded.", "own"),
    "record": (_step_record, "Publication record saved.", "editor"),
    "publish": (_step_publish, "Published.", "editor"),
    "unschedule": (_step_unschedule, "Publication unscheduled.", "editor"),
    "correct": (_step_correct, "Correction published as a new version.", "editor"),
    "retract": (_step_retract, "The article is marked retracted.", "editor"),
}


@login_required
@require_POST
def production_step(request: HttpRequest, submission_id: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("No such production step.")
    submission = production_submission(submission_id=submission_id, user=request.user)
    build, success, back = STEPS[step]
    form, action = build(request, submission)
    if action is None:
        messages.error(
            request, "Nothing was changed. " + " ".join(m for errors in form.errors.values() for m in errors)
        )
    else:
        if step == "publish":
            success = "Scheduled for publication." if request.POST.get("publish_at") else "Published."
        perform(request, action, success=success)
    if back == "editor" or (back == "own" and permissions.can_manage(request.user, submission)):
        return redirect("editor-submission", submission.pk)
    return redirect("production-page", submission.pk)
