"""The permission matrix's machinery, for the matrix and for the domains' own tables of cases: who a
visitor counts as, what a case expects of each role, the visitors with no cast member of their own,
and sending a case's request."""

from __future__ import annotations

from dataclasses import dataclass, field

from editorial.models import Person, Role
from tests.support.factories import UserFactory

# Two visitors whose standing is another's (issue 15): staff status opens the Django admin and is no
# journal role, so a staff user with no role gets what a signed-in stranger gets; an editor of the
# journal who submitted the manuscript (the author, made a managing editor) gets what its author gets
# on the manuscript's pages, and what a managing editor gets on the pages of no manuscript.
TREATED_AS = {"staff": "other_author", "submitting_editor": "author"}


def treated_as(role: str, *, state) -> str:
    """The role whose answers ``role`` gets on a page of a submission in ``state`` (``None``: of none)."""
    if role == "submitting_editor" and state is None:
        return "managing_editor"
    return TREATED_AS.get(role, role)


@dataclass
class Case:
    name: str
    state: str | None  # the submission's state, or None when the page needs none
    request: object  # (cast, submission) -> (method, url, data, format)
    allowed: dict[str, int]  # status for roles that may; every other role gets `refused`
    refused: int = 404
    refused_by_role: dict[str, int] = field(default_factory=dict)

    def expected(self, role: str, *, api: bool) -> int:
        if role == "anonymous":
            return 401 if api else 302
        role = treated_as(role, state=self.state)
        return self.allowed.get(role, self.refused_by_role.get(role, self.refused))


def extra_visitor(cast, role: str):
    """The visitor for "staff" (no journal role) or "submitting_editor" (the author, also a managing
    editor of the journal); ``None`` for the other roles."""
    if role == "staff":
        user = UserFactory(username="staff-user", is_staff=True)
        Person.objects.create(user=user, given_names="Stan", family_name="Staff", email=user.email)
        return user
    if role == "submitting_editor":
        Role.objects.get_or_create(person=cast.author.person, journal=cast.journal, kind=Role.Kind.MANAGING_EDITOR)
        return cast.author
    return None


def send_request(client, method, url, data, format_):
    """Send a case's request the way the test client for its kind (HTML or API) takes it."""
    call = getattr(client, method)
    if method == "get":
        return call(url, data or {})
    if format_ is None and method != "post":
        return call(url)
    return call(url, data, format=format_) if format_ else call(url, data)
