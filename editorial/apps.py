from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Celery's autodiscovery imports tasks in workers only; the outbox sends tasks by name from
        # web processes and commands too, and in-process (eager) mode must find them registered.
        from . import (
            signals,  # noqa: F401  (connects the outbox to Celery's task signals)
            tasks,  # noqa: F401
        )
