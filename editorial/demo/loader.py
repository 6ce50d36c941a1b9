"""Demo data: the sample Lomonosov journal, its published article, demo users and submissions.

The fixture is a hand-readable JSON document with natural keys (see ``demo/demo_journal.json``),
so the data can be read and corrected without knowing any primary key. Loading is idempotent:
every row is found by its natural key and updated, so a second run changes no row count and
records no new event. Every instance is ``full_clean``-ed before it is saved and the whole load is
one transaction, so a broken fixture fails with a message naming the record and leaves nothing.
"""

from __future__ import annotations

import datetime
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.core.exceptions import ValidationError
from django.db import models, transaction

from editorial import workflow
from editorial.bibliography.parser import parse_reference
from editorial.demo.reviews import add_demo_review_round
from editorial.journals.models import Issue, Journal, Person, Role, Section
from editorial.production.models import Article
from editorial.submissions.models import Affiliation, Contributor, Reference, Submission

DEFAULT_FIXTURE = Path(__file__).resolve().parents[1] / "demo" / "demo_journal.json"
EVENT_NOTE = "Demo data (load_demo)"
REFERENCE_FIELDS = (
    "raw_text",
    "doi",
    "first_author",
    "authors",
    "title",
    "container",
    "volume",
    "issue",
    "pages",
    "url",
)


class DemoFixtureError(Exception):
    """The fixture cannot be loaded as written; the message names the record and what to fix."""


@dataclass
class DemoUser:
    username: str
    roles: list[str]
    password: str | None  # None: the existing password was kept


@dataclass
class DemoResult:
    journal: Journal
    article: Article
    submissions: list[Submission]
    users: list[DemoUser]
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)


def load_demo(
    *, fixture_path: Path | str | None = None, reset_passwords: bool = False, password: str | None = None
) -> DemoResult:
    """Create or update the demo data; ``password`` (e.g. from DEMO_PASSWORD) is set for every demo user."""
    data = _read_fixture(Path(fixture_path or DEFAULT_FIXTURE))
    try:
        with transaction.atomic():
            return _load(data, reset_passwords=reset_passwords, password=password)
    except KeyError as exc:
        raise DemoFixtureError(f"Demo fixture: a record lacks, or refers to an unknown, {exc}.") from exc
    except ValueError as exc:  # e.g. a date that is not YYYY-MM-DD
        raise DemoFixtureError(f"Demo fixture: bad value: {exc}") from exc


def _read_fixture(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DemoFixtureError(f"Cannot read the demo fixture {path}: {exc}") from exc


def _load(data: dict[str, Any], *, reset_passwords: bool, password: str | None) -> DemoResult:
    journal = _upsert(Journal, {"slug": data["journal"]["slug"]}, data["journal"], "journal")
    sections = {
        s["title"]: _upsert(Section, {"journal": journal, "title": s["title"]}, s, f"section {s['title']!r}")
        for s in data["sections"]
    }
    issues = {_issue_key(i): _load_issue(journal, i) for i in data["issues"]}
    users, people, demo_users = {}, {}, []
    for entry in data["people"]:
        user, person, shown = _load_person(journal, entry, reset_passwords=reset_passwords, password=password)
        users[entry["username"]], people[entry["username"]] = user, person
        demo_users.append(DemoUser(entry["username"], entry["roles"], shown))
    editors = [users[e["username"]] for e in data["people"] if Role.Kind.MANAGING_EDITOR in e["roles"]]
    ctx = {"journal": journal, "sections": sections, "issues": issues, "users": users, "people": people}
    ctx["editor"] = editors[0] if editors else None
    warnings: list[str] = []
    published = _load_submission(data["published_article"], ctx, warnings)
    submissions = [_load_submission(entry, ctx, warnings) for entry in data["submissions"]]
    add_demo_review_round(submissions, ctx)  # peer review: a reviewer at work, an invitation waiting
    counts = {
        "sections": len(sections),
        "issues": len(issues),
        "submissions": 1 + len(submissions),
        "references": published.references.count(),
        "events": sum(s.events.count() for s in [published, *submissions]),
    }
    return DemoResult(journal, published.article, [published, *submissions], demo_users, counts, warnings)


def _upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any], label: str) -> Any:
    """update_or_create by natural key, but validated: full_clean runs before every save."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for name, value in values.items():
        setattr(obj, name, value)
    return _save(obj, label)


def _save(obj: models.Model, label: str) -> Any:
    try:
        obj.full_clean()
    except ValidationError as exc:
        details = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
        raise DemoFixtureError(f"Demo fixture, {label}: {details}") from exc
    obj.save()
    return obj


def _issue_key(entry: dict[str, Any]) -> tuple[int, int | None, str]:
    return (entry["year"], entry["volume"], entry["number"])


def _load_issue(journal: Journal, entry: dict[str, Any]) -> Issue:
    lookup = {"journal": journal, "year": entry["year"], "volume": entry["volume"], "number": entry["number"]}
    values = {"title": entry.get("title", ""), "is_published": entry["is_published"]}
    values["publication_date"] = _date(entry.get("publication_date"))
    return _upsert(Issue, lookup, values, f"issue {_issue_key(entry)}")


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _load_person(
    journal: Journal, entry: dict[str, Any], *, reset_passwords: bool, password: str | None
) -> tuple[AbstractBaseUser, Person, str | None]:
    """A demo login, its Person and roles; the password is new only when asked for or when the user is new."""
    username = entry["username"]
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first() or user_model(username=username)
    shown = None
    if password is not None:
        if not user.check_password(password):
            user.set_password(password)
        shown = password
    elif user.pk is None or reset_passwords:
        shown = secrets.token_urlsafe(12)
        user.set_password(shown)
    user.email, user.first_name, user.last_name = entry["email"], entry["given_names"], entry["family_name"]
    user.is_staff = entry.get("staff", False)
    _save(user, f"user {username}")
    if user.is_staff:
        # Model permissions on the editorial app, so the editor can work in /admin/ without being a superuser.
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="editorial"))
    person_fields = ("given_names", "family_name", "orcid", "affiliation", "country", "expertise")
    person_values = {name: entry.get(name, "") for name in person_fields} | {"user": user}
    person = _upsert(Person, {"email": entry["email"].lower()}, person_values, f"person {username}")
    for kind in entry["roles"]:
        _upsert(Role, {"person": person, "journal": journal, "kind": kind}, {}, f"role {kind} of {username}")
    return user, person, shown


def _load_submission(entry: dict[str, Any], ctx: dict[str, Any], warnings: list[str]) -> Submission:
    journal = ctx["journal"]
    key = {"title_en": entry["title_en"]} if entry["title_en"] else {"title": entry["title"]}
    text_fields = ("language", "title", "title_en", "abstract", "abstract_en")
    values = {name: entry.get(name, "") for name in text_fields}
    values |= {"keywords": entry.get("keywords", []), "keywords_en": entry.get("keywords_en", [])}
    values["section"] = ctx["sections"][entry["section"]] if entry.get("section") else None
    values["submitter"] = ctx["users"][entry["submitter"]] if entry.get("submitter") else None
    values["handling_editor"] = ctx["people"][entry["handling_editor"]] if entry.get("handling_editor") else None
    label = f"submission {entry['title_en'] or entry['title']!r}"
    submission = _upsert(Submission, {"journal": journal, **key}, values, label)
    _load_contributors(submission, entry["contributors"], ctx, label)
    _load_references(submission, entry.get("references", []), label)
    if "article" in entry:
        _load_article(submission, entry["article"], ctx, label)
    return _walk_to(submission, entry["state"], ctx, warnings)


def _load_contributors(submission: Submission, entries: list[dict[str, Any]], ctx: dict[str, Any], label: str) -> None:
    """The author block in printed order; positions no longer in the fixture are removed."""
    submission.contributors.exclude(position__in=range(1, len(entries) + 1)).delete()
    fields = ("given_names", "family_name", "email", "orcid", "bio", "is_corresponding")
    for position, entry in enumerate(entries, start=1):
        values = {name: entry.get(name, "") for name in fields}
        values["is_corresponding"] = bool(values["is_corresponding"])
        values["person"] = ctx["people"][entry["person"]] if entry.get("person") else None
        where = f"{label}, contributor {position}"
        contributor = _upsert(Contributor, {"submission": submission, "position": position}, values, where)
        affiliations = entry.get("affiliations", [])
        contributor.affiliations.exclude(position__in=range(1, len(affiliations) + 1)).delete()
        for number, affiliation in enumerate(affiliations, start=1):
            lookup = {"contributor": contributor, "position": number}
            _upsert(Affiliation, lookup, affiliation, f"{where}, affiliation {number}")


def _load_references(submission: Submission, entries: list[dict[str, Any]], label: str) -> None:
    """References keep their printed numbers; raw_text is stored exactly as the fixture has it.

    The other fields come from the reference parser, except where the fixture spells one out.
    """
    submission.references.exclude(position__in=[e["position"] for e in entries]).delete()
    for entry in entries:
        parsed = parse_reference(entry["raw_text"], position=entry["position"]).model_fields()
        values = {name: entry.get(name) or parsed.get(name, "") for name in REFERENCE_FIELDS}
        values["year"] = entry.get("year") or parsed["year"]
        lookup = {"submission": submission, "position": entry["position"]}
        _upsert(Reference, lookup, values, f"{label}, reference {entry['position']}")


def _load_article(submission: Submission, entry: dict[str, Any], ctx: dict[str, Any], label: str) -> Article:
    issue = ctx["issues"][_issue_key(entry["issue"])]
    values = {name: value for name, value in entry.items() if name not in {"issue", "doi", "published_on"}}
    values |= {"submission": submission, "issue": issue, "section": submission.section}
    values["published_on"] = _date(entry.get("published_on"))
    return _upsert(Article, {"doi": entry["doi"]}, values, f"{label}, article")


def _walk_to(submission: Submission, target: str, ctx: dict[str, Any], warnings: list[str]) -> Submission:
    """Move the submission to its demo state through the workflow, one recorded event per step.

    A submission already there is left alone; one that was moved elsewhere and cannot get back
    is left too, with a warning, rather than forced past the state machine.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    path = _path(submission.state, target)
    if path is None:
        warnings.append(f"{submission.display_title!r} is {submission.state} and cannot become {target}; left as is.")
        return submission
    for state in path:
        # The author submits (the editor stands in for an imported article); the editor does the rest.
        actor = (submission.submitter or ctx["editor"]) if state == workflow.State.SUBMITTED else ctx["editor"]
        workflow.transition(submission, to=state, by=actor, note=EVENT_NOTE)
    return submission


def _path(current: str, target: str) -> list[str] | None:
    if target not in workflow.State.values:
        raise DemoFixtureError(f"Demo fixture: {target!r} is not a submission state.")
    return workflow.shortest_path(current, target)
