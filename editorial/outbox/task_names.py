"""Every Celery task's name, in one place: services enqueue by these, tasks register under them and
beat schedules them. ``outbox.enqueue`` refuses a name that is not here, and a test holds this list
equal to the tasks Celery knows, so a side effect can never be recorded for a task that does not exist.

Plain constants, importable before Django is set up (journal/celery.py reads them).
"""

SEND_EMAIL = "editorial.send_email"
RUN_REFERENCE_CHECK = "editorial.run_reference_check"
INVALIDATE_ARTICLE_PAGES = "editorial.invalidate_article_pages"
SEND_DEPOSIT = "editorial.send_deposit"
CHECK_DEPOSIT = "editorial.check_deposit"

# Periodic jobs (journal/celery.py's beat schedule)
DISPATCH_PENDING_SIDE_EFFECTS = "editorial.dispatch_pending_side_effects"
FLUSH_USAGE_COUNTS = "editorial.flush_usage_counts"
SWEEP_STUCK_DEPOSITS = "editorial.sweep_stuck_deposits"
SEND_REVIEW_REMINDERS = "editorial.send_review_reminders"
PUBLISH_DUE_ARTICLES = "editorial.publish_due_articles"
RECORD_HEARTBEAT = "editorial.record_heartbeat"

ALL = frozenset(value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str))
