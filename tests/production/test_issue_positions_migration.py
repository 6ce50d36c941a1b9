"""Existing articles all had position 1: the migration that makes positions unique untangles them
without changing the order any issue's contents showed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from editorial.models import Article
from tests.support.factories import ArticleFactory, IssueFactory

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


@pytest.mark.django_db(transaction=True)
def test_default_positions_are_cleared_and_collisions_renumbered_in_the_order_shown():
    before, this = _migrations()
    MigrationExecutor(connection).migrate([before])
    try:
        untouched, mixed = IssueFactory(number="1"), IssueFactory(number="2")
        for first_page in ("75", "1"):
            ArticleFactory(issue=untouched, first_page=first_page, position_in_issue=1)
        mixed_pks = [
            ArticleFactory(issue=mixed, first_page=page, position_in_issue=position).pk
            for page, position in (("30", 2), ("10", 1), ("20", 1))
        ]
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([this])
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert list(Article.objects.filter(issue=untouched).values_list("position_in_issue", flat=True)) == [None, None]
    positions = dict(Article.objects.filter(issue=mixed).values_list("pk", "position_in_issue"))
    assert [positions[pk] for pk in mixed_pks] == [3, 1, 2]
