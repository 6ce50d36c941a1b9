from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # signals connects the outbox to Celery's task signals; importing tasks registers them, so that
        # outbox rows dispatched by name run in-process when tasks are eager (no Redis, no worker).
        from . import signals, tasks  # noqa: F401
