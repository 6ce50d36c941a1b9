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


class UsageFlush(models.Model):
    """One batch of buffered counts written to the database, so a batch is never applied twice.

    Views and downloads are buffered in Redis and moved here by a periodic task; the batch id is
    recorded in the same transaction as the increments, and a batch whose id is already here is
    only discarded from Redis.
    """

    batch_id = models.CharField(max_length=64, primary_key=True)
    flushed_at = models.DateTimeField(auto_now_add=True)
    views = models.PositiveIntegerField(default=0)
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-flushed_at"]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.views} views, {self.downloads} downloads"
