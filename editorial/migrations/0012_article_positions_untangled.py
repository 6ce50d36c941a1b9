"""Positions become optional, and the default 1 that every article had is untangled.

The unique constraint comes in the next migration: on PostgreSQL a table whose rows were just
updated in a transaction cannot be altered in it ("pending trigger events")."""

from django.db import migrations, models


def untangle_positions(apps, schema_editor):
    """Every article used to get position 1. In an issue where none was ever changed, the positions
    are cleared: the contents then follow the first pages, as they did. In an issue where some were
    set but collide, they are renumbered 1, 2, 3... in the order the contents showed."""
    Article = apps.get_model("editorial", "Article")
    issue_ids = set(Article.objects.exclude(issue=None).values_list("issue_id", flat=True))
    for issue_id in sorted(issue_ids):
        articles = list(Article.objects.filter(issue_id=issue_id).order_by("position_in_issue", "first_page", "pk"))
        positions = [a.position_in_issue for a in articles]
        if len(set(positions)) == len(positions):
            continue
        untouched = all(position == 1 for position in positions)
        Article.objects.filter(issue_id=issue_id).update(position_in_issue=None)
        if not untouched:
            for number, article in enumerate(articles, start=1):
                Article.objects.filter(pk=article.pk).update(position_in_issue=number)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0011_reviewer_copy"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={"ordering": ["issue", models.OrderBy(models.F("position_in_issue"), nulls_last=True), "pk"]},
        ),
        migrations.AlterField(
            model_name="article",
            name="position_in_issue",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Its place in the issue's contents, unique in the issue; empty: after those placed, by first page.",
                null=True,
            ),
        ),
        migrations.RunPython(untangle_positions, migrations.RunPython.noop),
    ]
