from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Celery's autodiscovery is lazy (it runs when a worker starts), so a web process would
        # not know the tasks by name and, without a broker, the outbox could not run them in-process.
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            public_cache,  # noqa: F401  (drops cached article pages when what they show changes)
            signals,  # noqa: F401  (connects the outbox to Celery's task signals)
            tasks,  # noqa: F401
        )
