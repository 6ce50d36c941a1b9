from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Celery's autodiscovery is lazy (it runs when a worker starts), so a web process would
        # not know the tasks by name, and a test asking for in-process tasks could not run them.
        from editorial import tasks  # noqa: F401  (registers the tasks by name)
        from editorial.accounts import receivers as account_receivers  # noqa: F401  (a confirmed address links its person)
        from editorial.deposits import receivers as deposit_receivers  # noqa: F401  (deposits hear production)
        from editorial.interop import checks  # noqa: F401  (registers the system checks)
        from editorial.operations import receivers as operations_receivers  # noqa: F401  (heartbeats and periodic runs)
        from editorial.outbox import signals  # noqa: F401  (connects the outbox to Celery's task signals)
        from editorial.production import receivers as production_receivers  # noqa: F401  (production hears submissions)
        from editorial.publishing import page_cache  # noqa: F401  (drops cached pages when what they show changes)
        from editorial.references import receivers as reference_receivers  # noqa: F401  (references hear submissions)
