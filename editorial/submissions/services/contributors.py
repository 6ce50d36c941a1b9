"""The author list of a draft: add, edit, remove, reorder; exactly one corresponding author.

The list keeps positions 1..n without gaps. Positions are unique in the database, so a
reorder moves everyone out of the way first and then into place, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from editorial import permissions, richtext
from editorial.submissions.models import Affiliation, Contributor, Event, Submission
from editorial.submissions.services.common import ensure_draft, lock_submission, record_event
from editorial.validators import normalize_orcid

# What ``add_contributor`` and ``update_contributor`` cannot do without (they refuse them blank, too).
REQUIRED_FIELDS = ("given_names", "family_name")
CONTRIBUTOR_FIELDS = ("given_names", "family_name", "given_names_en", "family_name_en", "email", "orcid", "bio")
_OUT_OF_THE_WAY = 10_000


@transaction.atomic
def add_contributor(
    *,
    user,
    submission_id: int,
    given_names: str,
    family_name: str,
    email: str = "",
    orcid: str = "",
    affiliation: str = "",
    country: str = "",
    bio: str = "",
    is_corresponding: bool = False,
    given_names_en: str = "",
    family_name_en: str = "",
) -> Contributor:
    submission = _editable(user, submission_id)
    last = submission.contributors.order_by("-position").values_list("position", flat=True).first() or 0
    contributor = Contributor(submission=submission, position=last + 1)
    values = locals()
    _fill_and_save(contributor, {name: values[name] for name in CONTRIBUTOR_FIELDS}, is_corresponding)
    _save_affiliation(contributor, affiliation, country)
    record_event(submission, actor=user, action=Event.Action.EDITED, note=f"Author added: {contributor}")
    return contributor


@transaction.atomic
def update_contributor(
    *,
    user,
    contributor_id: int,
    given_names: str,
    family_name: str,
    email: str = "",
    orcid: str = "",
    affiliation: str = "",
    country: str = "",
    bio: str = "",
    is_corresponding: bool = False,
    given_names_en: str = "",
    family_name_en: str = "",
) -> Contributor:
    contributor = _contributor(contributor_id)
    submission = _editable(user, contributor.submission_id)
    values = locals()
    _fill_and_save(contributor, {name: values[name] for name in CONTRIBUTOR_FIELDS}, is_corresponding)
    _save_affiliation(contributor, affiliation, country)
    record_event(submission, actor=user, action=Event.Action.EDITED, note=f"Author edited: {contributor}")
    return contributor


@transaction.atomic
def remove_contributor(*, user, contributor_id: int) -> None:
    contributor = _contributor(contributor_id)
    submission = _editable(user, contributor.submission_id)
    contributor.delete()
    _renumber(submission, [c.pk for c in submission.contributors.order_by("position")])
    record_event(submission, actor=user, action=Event.Action.EDITED, note=f"Author removed: {contributor}")


@transaction.atomic
def move_contributor(*, user, contributor_id: int, offset: int) -> None:
    """One place up (offset -1) or down (+1); at either end of the list nothing moves."""
    contributor = _contributor(contributor_id)
    submission = _editable(user, contributor.submission_id)
    order = list(submission.contributors.order_by("position").values_list("pk", flat=True))
    index = order.index(contributor.pk)
    target = min(max(index + offset, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    _renumber(submission, order)


@transaction.atomic
def reorder_contributors(*, user, submission_id: int, order: Sequence[int]) -> list[Contributor]:
    """The whole list in a new order: ``order`` names every contributor of the draft once."""
    submission = _editable(user, submission_id)
    current = set(submission.contributors.values_list("pk", flat=True))
    if len(order) != len(set(order)) or set(order) != current:
        raise ValidationError({"order": "List every author of this submission exactly once, in the new order."})
    _renumber(submission, list(order))
    record_event(submission, actor=user, action=Event.Action.EDITED, note="Authors reordered")
    return list(submission.contributors.order_by("position"))


def _contributor(contributor_id: int) -> Contributor:
    contributor = Contributor.objects.filter(pk=contributor_id).first()
    if contributor is None:
        raise ValidationError({"contributor": "There is no such author in this submission."})
    return contributor


def _editable(user, submission_id: int) -> Submission:
    submission = lock_submission(submission_id)
    permissions.ensure_author(user, submission)
    ensure_draft(submission)
    return submission


def _fill_and_save(contributor: Contributor, values: dict[str, str], is_corresponding: bool) -> None:
    for name, value in values.items():
        setattr(contributor, name, (value or "").strip())
    if contributor.orcid:
        contributor.orcid = normalize_orcid(contributor.orcid)
    contributor.email = contributor.email.lower()
    contributor.bio = richtext.clean(contributor.bio)
    contributor.is_corresponding = bool(is_corresponding)
    errors: dict[str, list[str]] = {}
    if contributor.is_corresponding and not contributor.email:
        errors["email"] = ["The corresponding author needs an e-mail address."]
    try:
        contributor.full_clean(exclude=["submission", "person", "position"], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    if contributor.is_corresponding:
        # One corresponding author: whoever was before is not any more.
        others = Contributor.objects.filter(submission_id=contributor.submission_id, is_corresponding=True)
        others.exclude(pk=contributor.pk).update(is_corresponding=False)
    contributor.save()


def _save_affiliation(contributor: Contributor, institution: str, country: str) -> None:
    """The first affiliation, as the submission form has it; further ones are kept as they are."""
    institution, country = institution.strip(), country.strip().upper()
    first = contributor.affiliations.order_by("position").first()
    if not institution:
        if country:
            raise ValidationError({"affiliation": "Give the institution the country belongs to."})
        if first is not None:
            first.delete()
        return
    affiliation = first or Affiliation(contributor=contributor, position=1)
    affiliation.institution, affiliation.country = institution, country
    try:
        affiliation.full_clean(exclude=["contributor"])
    except ValidationError as exc:
        messages = exc.message_dict
        raise ValidationError(
            {"affiliation" if name == "institution" else name: errors for name, errors in messages.items()}
        ) from exc
    affiliation.save()


def _renumber(submission: Submission, order: list[int]) -> None:
    for position, pk in enumerate(order, start=1):
        Contributor.objects.filter(pk=pk).update(position=_OUT_OF_THE_WAY + position)
    for position, pk in enumerate(order, start=1):
        Contributor.objects.filter(pk=pk).update(position=position)
