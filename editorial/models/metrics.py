"""Usage counts kept per day, for COUNTER-style reports; totals live on the Article."""

from django.db import models


class DailyArticleMetric(models.Model):
    article = models.ForeignKey("editorial.Article", on_delete=models.CASCADE, related_name="daily_metrics")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["article", "day"]
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="unique_article_metric_day")]

    def __str__(self) -> str:
        return f"{self.article} {self.day}: {self.views} views, {self.downloads} downloads"
