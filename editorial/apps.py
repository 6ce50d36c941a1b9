from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            public_cache,  # noqa: F401  (drops cached article pages when what they show changes)
            signals,  # noqa: F401  (connects the outbox to Celery's task signals)
        )
