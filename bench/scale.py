"""Data at scale for the archive and dashboard sections: 10,000 published articles in 200 issues
and 10,000 submissions in every editorial state, made with bulk inserts (minutes would be spent
going through the services, and what is measured here is reading)."""

from __future__ import annotations

import datetime
import random

WORDS = [
    "alliance",
    "balance",
    "power",
    "threat",
    "interest",
    "strategy",
    "security",
    "cooperation",
    "region",
    "hegemony",
    "order",
    "sanctions",
    "energy",
    "trade",
    "diplomacy",
    "conflict",
    "deterrence",
    "treaty",
    "institution",
    "norm",
    "identity",
]


def title(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" ({n})"


def build(*, articles: int = 10_000, issues: int = 200, submissions: int = 10_000, seed: int = 7) -> dict:
    from django.contrib.auth import get_user_model

    from editorial.models import Article, Contributor, Issue, Journal, Person, Role, Section, Submission
    from editorial.workflow import State

    rng = random.Random(seed)
    journal = Journal.objects.get(slug="lomonosov-world-politics")
    section = Section.objects.filter(journal=journal).first()
    per_issue = articles // issues
    new_issues = Issue.objects.bulk_create(
        Issue(
            journal=journal,
            volume=100 + n // 4,
            number=str(n % 4 + 1),
            year=1900 + n // 4,
            is_published=True,
            publication_date=datetime.date(1900 + n // 4, 3 * (n % 4) + 1, 15),
        )
        for n in range(issues)
    )
    published = Submission.objects.bulk_create(
        Submission(journal=journal, section=section, state=State.PUBLISHED, language="en", title_en=title(rng, n),
                   abstract_en="An abstract about " + " ".join(rng.choice(WORDS) for _ in range(40)))
        for n in range(articles)
    )  # fmt: skip
    Contributor.objects.bulk_create(
        Contributor(submission=s, position=1, given_names="Anna B.", family_name=f"Author{n % 997}")
        for n, s in enumerate(published)
    )
    Article.objects.bulk_create(
        Article(
            submission=s,
            issue=new_issues[n // per_issue],
            section=section,
            position_in_issue=n % per_issue + 1,
            first_page=str(1 + 20 * (n % per_issue)),
            last_page=str(19 + 20 * (n % per_issue)),
            doi=f"10.48015/bench-{n}",
            status=Article.Status.PUBLISHED,
            published_on=new_issues[n // per_issue].publication_date,
        )
        for n, s in enumerate(published)
    )
    states = [State.SUBMITTED, State.UNDER_REVIEW, State.REVISION_REQUESTED, State.RESUBMITTED, State.ACCEPTED,
              State.IN_PRODUCTION, State.REJECTED, State.DESK_REJECTED]  # fmt: skip
    now = datetime.datetime.now(datetime.UTC)
    in_flight = Submission.objects.bulk_create(
        Submission(journal=journal, section=section, state=states[n % len(states)], language="en",
                   title_en=title(rng, articles + n), state_changed_at=now - datetime.timedelta(days=n % 90),
                   submitted_at=now - datetime.timedelta(days=n % 90 + 3))
        for n in range(submissions)
    )  # fmt: skip
    Contributor.objects.bulk_create(
        Contributor(submission=s, position=1, given_names="Carl D.", family_name=f"Writer{n % 991}")
        for n, s in enumerate(in_flight)
    )
    user = get_user_model().objects.create_user("bench-editor", "bench-editor@example.org", "bench-password-0123")
    person = Person.objects.create(user=user, given_names="Bench", family_name="Editor", email=user.email)
    Role.objects.create(person=person, journal=journal, kind=Role.Kind.MANAGING_EDITOR)
    return {"journal": journal, "issue": new_issues[issues // 2], "editor": user}
