"""The reviewer's pages: the dashboard, one assignment (the manuscript and the review form), the
one-click answers from the invitation e-mail, and file downloads.

A reviewer reaches a submission only through their own assignment; every other address is a
404. In double-blind review nothing here names the authors: no names, e-mails, affiliations,
bios or ORCIDs in the page, and downloads have neutral names and scrubbed metadata.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from editorial import permissions
from editorial.errors import DomainError
from editorial.review import selectors
from editorial.review.forms import DeclineForm, ReviewForm
from editorial.review.models import BlindMode, ReviewAssignment
from editorial.review.services import reviewer_copy
from editorial.review.services import reviews as services
from editorial.web.outcomes import perform

A = ReviewAssignment.State


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "review/reviewer/dashboard.html", {"board": selectors.reviewer_dashboard(request.user)})


def _own_assignment(request: HttpRequest, assignment_id: int) -> ReviewAssignment:
    assignment = selectors.reviewer_assignment(user=request.user, assignment_id=assignment_id)
    if assignment.state == A.DECLINED:
        raise Http404("No such review.")
    return assignment


@login_required
@require_http_methods(["GET", "POST"])
def assignment_page(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The manuscript and the review form: save a draft as often as needed, then submit once."""
    assignment = _own_assignment(request, assignment_id)
    submission = assignment.submission
    questions = selectors.questions_for(submission.journal_id)
    review = getattr(assignment, "review", None)
    form = ReviewForm(questions=questions, review=review)
    if request.method == "POST":
        form = ReviewForm(request.POST, request.FILES, questions=questions, review=review)
        submit = "submit" in request.POST
        if form.is_valid():
            action = services.submit_review if submit else services.save_review_draft
            outcome = perform(
                request,
                lambda: action(user=request.user, assignment_id=assignment.pk, data=form.review_input()),
                form=form,
                success="Thank you: your review has been submitted." if submit else "Draft saved.",
            )
            if outcome.ok or not form.errors:
                return redirect("reviewer-assignment", assignment.pk)
    blind = selectors.blind_mode_of(submission)
    context = {
        "assignment": assignment,
        "submission": submission,
        "review": review,
        "form": form,
        "decline_form": DeclineForm(),
        "show_authors": blind != BlindMode.DOUBLE,
        "contributors": submission.contributors.prefetch_related("affiliations") if blind != BlindMode.DOUBLE else [],
        "files": selectors.files_for_reviewer(assignment) if assignment.state != A.INVITED else [],
        "earlier": selectors.earlier_reviews_of(assignment),
        "responses": selectors.author_responses_for(assignment) if assignment.round.number > 1 else [],
        "answers": _answers(questions, review),
    }
    return render(request, "review/reviewer/assignment.html", context)


def _answers(questions, review) -> list[tuple[str, object]]:
    if review is None:
        return []
    return [(q.text, review.answers.get(str(q.pk), "")) for q in questions]


@login_required
@require_POST
def respond(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Accept or decline from the dashboard, signed in."""
    assignment = _own_assignment(request, assignment_id)
    if request.POST.get("answer") == "accept":
        perform(
            request,
            lambda: services.accept_invitation(user=request.user, assignment_id=assignment.pk),
            success="Thank you for accepting. The manuscript and the review form are below.",
        )
        return redirect("reviewer-assignment", assignment.pk)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    outcome = perform(
        request,
        lambda: services.decline_invitation(
            user=request.user,
            assignment_id=assignment.pk,
            reason=reason,
            suggested_alternative=request.POST.get("suggested_alternative", ""),
        ),
        success="You declined the invitation. Thank you for telling us.",
    )
    if outcome.ok:
        return redirect("reviewer-dashboard")
    return redirect("reviewer-assignment", assignment.pk)


# --- One-click links from the invitation e-mail -------------------------------------------------------------


def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = 410 if isinstance(exc, services.InvitationLinkExpired) else 400
    return render(request, "review/reviewer/link_refused.html", {"reason": str(exc)}, status=status)


def _assignment_from_link(token: str, action: str) -> ReviewAssignment:
    assignment_id = services.assignment_id_from_token(token, action)
    return get_object_or_404(
        ReviewAssignment.objects.select_related("submission__journal", "reviewer"), pk=assignment_id
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """One button, no sign-in: a GET only shows it (mail scanners follow links), the POST accepts."""
    try:
        assignment = _assignment_from_link(token, services.ACCEPT)
    except DomainError as exc:
        return _refused(request, exc)
    if assignment.state == A.SUBMITTED:
        return _continue_to_review(request, assignment)  # the link in the receipt: back to the review
    if request.method == "POST" or assignment.state == A.ACCEPTED:
        try:
            assignment = services.accept_invitation(user=request.user, assignment_id=assignment.pk, token=token)
        except DomainError as exc:
            messages.error(request, f"Nothing was changed. {exc}")
            return render(request, "review/reviewer/invitation.html", {"assignment": assignment, "answer": "accept"})
        return _continue_to_review(request, assignment)
    return render(request, "review/reviewer/invitation.html", {"assignment": assignment, "answer": "accept"})


def _continue_to_review(request: HttpRequest, assignment: ReviewAssignment) -> HttpResponse:
    """Sign in the reviewer whose account the invitation created (it has no password); anyone else
    signs in as usual."""
    reviewer = assignment.reviewer
    reviewer.refresh_from_db()
    user = reviewer.user
    target = reverse("reviewer-assignment", args=[assignment.pk])
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect(target)
    if not request.user.is_authenticated and not user.has_usable_password() and not user.is_staff:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Thank you for accepting. The manuscript and the review form are below.")
        return redirect(target)
    messages.success(request, "Thank you for accepting. Sign in to read the manuscript and write your review.")
    return redirect(reverse("login") + "?" + urlencode({"next": target}))


@require_http_methods(["GET", "POST"])
def invitation_decline(request: HttpRequest, token: str) -> HttpResponse:
    try:
        assignment = _assignment_from_link(token, services.DECLINE)
    except DomainError as exc:
        return _refused(request, exc)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = perform(
            request,
            lambda: services.decline_invitation(
                user=request.user,
                assignment_id=assignment.pk,
                token=token,
                reason=form.cleaned_data["reason"],
                suggested_alternative=form.cleaned_data["suggested_alternative"],
            ),
            form=form,
        )
        if outcome.ok:
            return render(request, "review/reviewer/declined.html", {"assignment": assignment})
    return render(
        request, "review/reviewer/invitation.html", {"assignment": assignment, "answer": "decline", "form": form}
    )


# --- Files -------------------------------------------------------------------------------------------------------


@login_required
def manuscript_file(request: HttpRequest, assignment_id: int, file_id: int) -> HttpResponse:
    """A manuscript file as the reviewer gets it: a neutral name, and in double-blind no author inside."""
    try:
        copy = reviewer_copy.reviewer_copy(user=request.user, assignment_id=assignment_id, file_id=file_id)
    except reviewer_copy.ReviewerCopyUnavailable as exc:
        context = {"assignment_id": assignment_id, "reason": str(exc)}
        return render(request, "review/reviewer/file_unavailable.html", context, status=409)
    return _attachment_response(copy.content, copy.content_type, copy.name)


@login_required
def review_attachment(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The reviewer's annotated file: for the reviewer and the submission's editors, never the author."""
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("submission", "reviewer", "review"), pk=assignment_id
    )
    is_reviewer = assignment.reviewer.user_id == request.user.pk and assignment.state != A.CANCELLED
    if not (is_reviewer or permissions.can_manage(request.user, assignment.submission)):
        raise Http404("No such file.")
    review = getattr(assignment, "review", None)
    if review is None or not review.attachment:
        raise Http404("No such file.")
    with review.attachment.open("rb") as handle:
        content = handle.read()
    suffix = review.attachment.name.rsplit(".", 1)[-1] if "." in review.attachment.name else "bin"
    name = f"review-{assignment.submission_id}-round-{assignment.round.number}-{assignment.pk}.{suffix}"
    return _attachment_response(content, review.attachment_type or "application/octet-stream", name)


def _attachment_response(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
