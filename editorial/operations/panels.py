"""The banner on the editors' dashboard when background work has stopped."""

from django.urls import reverse

from editorial.operations import selectors


def stalled_work_banner(user) -> dict:
    """What has stopped, and the status page's address for those who may open it."""
    return {
        "stalls": selectors.stalls(),
        "status_url": reverse("system-status") if selectors.may_see_status(user) else "",
    }
