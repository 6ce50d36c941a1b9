"""Who may do what in production: the workflow's six visitors, the copyeditor, the typesetter, a staff
user with no journal role (treated as a stranger) and an editor of the journal who submitted the
manuscript (treated as its author), against every production page and endpoint. As in the workflow's
matrix, a submission the visitor may not see is a 404, a step they may not take a 403, and a refused
request changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Event
from editorial.production.services import copyediting, proofs, publication
from editorial.workflow import State
from tests.support.api import api_for
from tests.support.permissions import TREATED_AS, Case, extra_visitor, send_request, treated_as
from tests.support.production_fixtures import due_in, in_production, pdf_galley
from tests.support.workflow_fixtures import make_docx, submission_in, upload

ROLES = [
    "anonymous",
    "author",
    "other_author",
    "other_editor",
    "handling_editor",
    "managing_editor",
    "copyeditor",
    "typesetter",
    "staff",
    "submitting_editor",
]
EDITORS = {"handling_editor": 200, "managing_editor": 200}
PARTICIPANTS_SEE = {"author": 403, "copyeditor": 403, "typesetter": 403}


def _user(cast, crew, role):
    if role in ("copyeditor", "typesetter"):
        return getattr(crew, role)
    if role in TREATED_AS:
        return extra_visitor(cast, role)
    return cast.user(role)


def _stage(cast, crew, stage):
    if stage == "accepted":
        return submission_in(cast, State.ACCEPTED)
    submission, _ = in_production(cast, crew)
    editor = cast.managing_editor
    if stage == "edited":
        copyedit = submission.copyedits.get()
        copyediting.upload_copyedit(user=crew.copyeditor, copyedit_id=copyedit.pk, upload=upload(make_docx(), "e.docx"))
    if stage == "proofs":
        proofs.send_proofs(user=editor, submission_id=submission.pk)
    if stage == "published":
        publication.publish(user=editor, submission_id=submission.pk)
    if stage == "scheduled":
        publication.publish(user=editor, submission_id=submission.pk, publish_at=timezone.now() + timedelta(days=1))
    submission.refresh_from_db()
    return submission


def _api(path, data=None, fmt="json", method="post"):
    return lambda c, s: (method, path.format(id=s.pk), data(c, s) if callable(data) else (data or {}), fmt)


def _galley(c, s):
    return s.article.galleys.get().pk


API_CASES = [
    Case(
        "production state",
        "ready",
        _api("/api/production/{id}/", method="get", fmt=None),
        {"author": 200, **EDITORS, "copyeditor": 200, "typesetter": 200},
    ),
    Case(
        "assign a copyeditor",
        "accepted",
        _api(
            "/api/production/{id}/copyeditor/",
            lambda c, s: {"copyeditor": c.crew.copyeditor.person.pk, "due_on": due_in(5).isoformat()},
        ),
        EDITORS,
        refused_by_role={"author": 403, "typesetter": 403},
    ),
    Case(
        "upload the copyedit",
        "ready",
        _api(
            "/api/production/{id}/copyedit-upload/",
            lambda c, s: {"copyedit": s.copyedits.get().pk, "file": upload(make_docx(), "e.docx")},
            "multipart",
        ),
        {**EDITORS, "copyeditor": 200},
        refused_by_role={"author": 403, "typesetter": 403},
    ),
    Case(
        "review the copyedit",
        "edited",
        _api(
            "/api/production/{id}/copyedit-review/",
            lambda c, s: {"copyedit": s.copyedits.get().pk, "outcome": "accept"},
        ),
        {"author": 200},
        refused_by_role={"handling_editor": 403, "managing_editor": 403, "copyeditor": 403, "typesetter": 403},
    ),
    Case(
        "upload a galley",
        "ready",
        _api("/api/production/{id}/galleys/", lambda c, s: {"file": pdf_galley(), "label": "PDF 2"}, "multipart"),
        {**EDITORS, "typesetter": 200},
        refused_by_role={"author": 403, "copyeditor": 403},
    ),
    Case(
        "approve a galley",
        "ready",
        _api("/api/production/{id}/galley-approval/", lambda c, s: {"galley": _galley(c, s), "primary": True}),
        EDITORS,
        refused_by_role=PARTICIPANTS_SEE,
    ),
    Case("send proofs", "ready", _api("/api/production/{id}/proofs/"), EDITORS, refused_by_role=PARTICIPANTS_SEE),
    Case(
        "answer proofs",
        "proofs",
        _api("/api/production/{id}/proofs-answer/", {"outcome": "approve"}),
        {"author": 200},
        refused_by_role={"handling_editor": 403, "managing_editor": 403, "copyeditor": 403, "typesetter": 403},
    ),
    Case(
        "edit the record",
        "ready",
        _api(
            "/api/production/{id}/record/",
            lambda c, s: {"issue": c.crew.issue.pk, "first_page": "75", "last_page": "112"},
            method="put",
        ),
        EDITORS,
        refused_by_role=PARTICIPANTS_SEE,
    ),
    Case("publish", "ready", _api("/api/production/{id}/publish/"), EDITORS, refused_by_role=PARTICIPANTS_SEE),
    Case(
        "unschedule",
        "scheduled",
        _api("/api/production/{id}/unschedule/"),
        EDITORS,
        refused_by_role=PARTICIPANTS_SEE,
    ),
    Case(
        "correct",
        "published",
        _api("/api/production/{id}/correct/", {"note": "A typo in the title."}),
        EDITORS,
        refused_by_role=PARTICIPANTS_SEE,
    ),
    Case(
        "retract",
        "published",
        _api("/api/production/{id}/retract/", {"notice": "Duplicate publication."}),
        EDITORS,
        refused_by_role=PARTICIPANTS_SEE,
    ),
]

HTML_CASES = [
    Case(
        "production page",
        "ready",
        lambda c, s: ("get", reverse("production-page", args=[s.pk]), None, None),
        {"author": 200, "handling_editor": 200, "managing_editor": 200, "copyeditor": 200, "typesetter": 200},
    ),
    Case(
        "publish from the submission page",
        "ready",
        lambda c, s: ("post", reverse("production-step", args=[s.pk, "publish"]), {}, None),
        {"handling_editor": 302, "managing_editor": 302},
        refused_by_role=PARTICIPANTS_SEE,
    ),
    Case(
        "upload a galley from the production page",
        "ready",
        lambda c, s: ("post", reverse("production-step", args=[s.pk, "upload-galley"]), {"file": pdf_galley()}, None),
        {"handling_editor": 302, "managing_editor": 302, "typesetter": 302},
        refused_by_role={"author": 403, "copyeditor": 403},
    ),
]


class _Cast:
    """The cast with the production crew, for the cases' request builders."""

    def __init__(self, cast, crew):
        self.__dict__.update(cast.__dict__)
        self.crew = crew


def _changes(submission):
    submission.refresh_from_db()
    return (submission.state, Event.objects.filter(submission=submission).count())


def _expected(case, role, *, api):
    if role == "anonymous":
        return 401 if api else 302
    role = treated_as(role, state=case.state)
    return case.allowed.get(role, case.refused_by_role.get(role, case.refused))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", API_CASES, ids=[case.name for case in API_CASES])
def test_production_api_permissions(cast, crew, case, role):
    submission = _stage(cast, crew, case.state)
    method, url, data, format_ = case.request(_Cast(cast, crew), submission)
    before = _changes(submission)
    response = send_request(api_for(_user(cast, crew, role)), method, url, data, format_)
    expected = _expected(case, role, api=True)
    assert response.status_code == expected, (case.name, role, getattr(response, "data", None))
    if expected >= 400:
        assert _changes(submission) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", HTML_CASES, ids=[case.name for case in HTML_CASES])
def test_production_page_permissions(client, cast, crew, case, role):
    submission = _stage(cast, crew, case.state)
    user = _user(cast, crew, role)
    if user is not None:
        client.force_login(user)
    method, url, data, _ = case.request(_Cast(cast, crew), submission)
    before = _changes(submission)
    response = client.get(url) if method == "get" else client.post(url, data)
    expected = _expected(case, role, api=False)
    assert response.status_code == expected, (case.name, role)
    if expected >= 400:
        assert _changes(submission) == before
