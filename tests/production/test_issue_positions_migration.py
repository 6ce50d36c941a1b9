"""Existing articles all had position 1: the migration that makes positions unique untangles them
without changing the order any issue's contents showed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from editorial.models import Article

UNTANGLED = "article_positions_untangled"
UNIQUE = "article_position_unique_in_issue"


def _migrations() -> tuple[tuple[str, str], tuple[str, str]]:
    """(the migration before the untangling, the one that makes positions unique), found by name so
    that renumbering does not break the test."""
    graph = MigrationExecutor(connection).loader.graph

    def named(name: str) -> tuple[str, str]:
        (key,) = [key for key in graph.nodes if key[0] == "editorial" and key[1].endswith(name)]
        return key

    (before,) = [key for key in graph.node_map[named(UNTANGLED)].parents if key[0] == "editorial"]
    return before, named(UNIQUE)


def _articles_as_they_were(apps):
    """Rows written with the models as they stood before the migration (the factories follow today's
    models, whose newer columns the old tables do not have): two issues, and a way to add articles."""
    Journal, Issue = apps.get_model("editorial", "Journal"), apps.get_model("editorial", "Issue")
    Submission, OldArticle = apps.get_model("editorial", "Submission"), apps.get_model("editorial", "Article")
    journal = Journal.objects.create(
        title="Journal of Tests", abbreviation="J. Tests", slug="journal-of-tests", issn_print="2076-7404"
    )
    issues = [Issue.objects.create(journal=journal, volume=13, number=n, year=2021, is_published=True) for n in "12"]

    def article(issue, first_page: str, position: int) -> int:
        submission = Submission.objects.create(journal=journal, title_en=f"Pages from {first_page}", abstract_en="-")
        return OldArticle.objects.create(
            submission=submission, issue=issue, status="published", first_page=first_page, position_in_issue=position
        ).pk

    return issues, article


@pytest.mark.django_db(transaction=True)
def test_default_positions_are_cleared_and_collisions_renumbered_in_the_order_shown():
    before, this = _migrations()
    old = MigrationExecutor(connection)
    old.migrate([before])
    try:
        (untouched, mixed), article = _articles_as_they_were(old.loader.project_state(before).apps)
        for first_page in ("75", "1"):
            article(untouched, first_page, 1)
        mixed_pks = [article(mixed, page, position) for page, position in (("30", 2), ("10", 1), ("20", 1))]
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([this])
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert list(Article.objects.filter(issue_id=untouched.pk).values_list("position_in_issue", flat=True)) == [
        None,
        None,
    ]
    positions = dict(Article.objects.filter(issue_id=mixed.pk).values_list("pk", "position_in_issue"))
    assert [positions[pk] for pk in mixed_pks] == [3, 1, 2]
