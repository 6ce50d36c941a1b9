"""Celery throughput: 1,000 editorial e-mails through a real worker on Redis, each sent once.

The e-mails are queued the way the services queue them (a row, then an outbox dispatch after
commit); the worker delivers them with Django's dummy backend, so the figure is the task
machinery's, not a mail server's.
"""

import time

from harness import ENV, celery_worker, emit, reset_database, setup_django

COUNT = 1000
ENV["EMAIL_URL"] = "dummymail://"


def main() -> None:
    reset_database()
    setup_django()
    from django.db import transaction
    from django.db.models import Count

    from editorial.mail.services import queue_email
    from editorial.models import OutboxTask, OutgoingEmail

    with celery_worker(concurrency=2):
        started = time.perf_counter()
        with transaction.atomic():
            for n in range(COUNT):
                queue_email(to=f"author{n}@example.org", subject=f"Receipt {n}", body="Thank you.", kind="bench")
        deadline = time.monotonic() + 300
        while OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() < COUNT:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started

    by_status = dict(OutgoingEmail.objects.values_list("status").annotate(n=Count("pk")))
    sent_more_than_once = OutgoingEmail.objects.filter(attempts__gt=1).count()
    emit(
        "tasks",
        {
            "tasks": COUNT,
            "seconds": round(seconds, 3),
            "tasks_per_second": round(COUNT / seconds, 1),
            "sent": by_status.get("sent", 0),
            "sent_more_than_once": sent_more_than_once,
            "outbox_done": OutboxTask.objects.filter(state=OutboxTask.State.DONE).count(),
        },
    )


if __name__ == "__main__":
    main()
