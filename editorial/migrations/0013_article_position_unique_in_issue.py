"""Positions are unique in an issue (empty positions are not compared)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0012_article_positions_untangled"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("issue", "position_in_issue"),
                name="unique_article_position_in_issue",
                violation_error_message="Another article of this issue already has this position.",
            ),
        ),
    ]
