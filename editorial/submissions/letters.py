"""Decision letters: per-journal templates with named placeholders, and the defaults.

Editors write these templates in the admin, so they are filled by plain substitution of
``{name}`` placeholders from a fixed list, never rendered as Django templates (which could
reach into any object they are given); any other brace is left as written. The reviewers'
comments arrive as a plain list of strings, so a letter can be drafted with no reviews at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError

PLACEHOLDERS = {
    "author_name": "The corresponding author's name",
    "title": "The submission's title",
    "submission_id": "The submission's number",
    "journal": "The journal's title",
    "editor_name": "The name of the editor who decides",
    "due_date": "When a requested revision is due",
    "reviewer_comments": "The reviewers' comments to the author, numbered; empty when there are none",
}

ACCEPT, MINOR, MAJOR, REJECT, DESK_REJECT = "accept", "minor_revision", "major_revision", "reject", "desk_reject"

_GREETING = "Dear {author_name},\n\n"
_SIGNATURE = "\n\nYours sincerely,\n{editor_name}\n{journal}"
_COMMENTS = "\n\n{reviewer_comments}"

DEFAULT_LETTERS: dict[str, tuple[str, str]] = {
    ACCEPT: (
        "Your manuscript #{submission_id} is accepted",
        _GREETING + 'We are pleased to accept your manuscript "{title}" for publication in {journal}. '
        "It now moves to production; we will contact you about the proofs." + _COMMENTS + _SIGNATURE,
    ),
    MINOR: (
        "Minor revision requested for manuscript #{submission_id}",
        _GREETING + 'Your manuscript "{title}" can be accepted after minor revision. '
        "Please revise it in the light of the comments below and send the revised version with a response "
        "to the reviewers by {due_date}." + _COMMENTS + _SIGNATURE,
    ),
    MAJOR: (
        "Major revision requested for manuscript #{submission_id}",
        _GREETING + 'Your manuscript "{title}" needs major revision before we can consider it further. '
        "Please address each comment below and send the revised version with a response to the reviewers "
        "by {due_date}." + _COMMENTS + _SIGNATURE,
    ),
    REJECT: (
        "Decision on manuscript #{submission_id}",
        _GREETING + 'We regret that we cannot publish your manuscript "{title}" in {journal}. '
        "The reviewers' comments below explain the decision; we hope they are useful to you." + _COMMENTS + _SIGNATURE,
    ),
    DESK_REJECT: (
        "Decision on manuscript #{submission_id}",
        _GREETING + 'Thank you for submitting "{title}" to {journal}. After reading it the editors have decided '
        "not to send it to review, because [reason]." + _SIGNATURE,
    ),
}


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholder_names(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def validate_letter_template(value: str) -> None:
    """Refuse a template naming a placeholder that does not exist (a typo would go out to the author)."""
    unknown = sorted(placeholder_names(value) - set(PLACEHOLDERS))
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        raise ValidationError(f"Unknown placeholder(s) {', '.join(unknown)} in the letter; use {known}.")


_TEMPLATE_BLANK = re.compile(r"\[[^\[\]\n]{1,60}\]")  # what a template leaves for the editor to write
_BLANK = re.compile(r"\[[a-z][a-z _-]{0,40}\]")  # [reason], [name of the course]: a blank, not a citation
NOT_BLANKS = {"[sic]"}


def template_blanks(*texts: str) -> set[str]:
    """The bracketed blanks of a letter template ("because [reason]"), which the editor fills in by hand."""
    return {blank for text in texts for blank in _TEMPLATE_BLANK.findall(text)}


def unfilled_blanks(text: str, blanks: set[str] = frozenset()) -> list[str]:
    """The blanks still in ``text``, in the order they appear: the template's, and any [lower-case words]."""
    found = ({blank for blank in blanks if blank in text} | set(_BLANK.findall(text))) - NOT_BLANKS
    return sorted(found, key=text.find)


def ensure_filled(*, subject: str, letter: str, blanks: set[str] = frozenset()) -> None:
    """Refuse a letter or subject that would reach the author with a blank such as "because [reason]"."""
    errors = {}
    for field, text in (("subject", subject), ("letter", letter)):
        left = unfilled_blanks(text, blanks)
        if left:
            errors[field] = (
                f"The {field} still holds {', '.join(left)}: write what the author should read in "
                f"{'its' if len(left) == 1 else 'their'} place before sending."
            )
    if errors:
        raise ValidationError(errors)


def format_reviewer_comments(comments: Sequence[str]) -> str:
    """'Reviewer 1:' then the comment, for each non-empty comment; '' when there are none."""
    kept = [comment.strip() for comment in comments if comment and comment.strip()]
    return "\n\n".join(f"Reviewer {number}:\n{comment}" for number, comment in enumerate(kept, start=1))


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill the placeholders; an empty block (no comments) leaves no run of blank lines behind."""
    text = _PLACEHOLDER.sub(lambda match: str(values.get(match[1], match[0])), template)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
