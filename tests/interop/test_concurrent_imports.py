"""Two imports of one new article at the same moment: one article results, the other import is refused
clearly (never a second article, never a server error). PostgreSQL only: SQLite serialises writers."""

from __future__ import annotations

import threading

import pytest
from django.db import transaction

from editorial.interop.record import ImportRejected
from editorial.interop.services.jats_import import import_jats
from editorial.models import Article, Submission
from tests.support.concurrency import in_thread, wait_until_blocked_on_a_lock
from tests.support.factories import JournalFactory
from tests.support.interop import HANDWRITTEN

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WAIT_SECONDS = 20


def test_a_second_import_of_the_same_new_doi_is_refused_once_the_first_commits(site):
    JournalFactory(slug="vestnik-mo", issn_print="", issn_online="2500-0047")
    data = HANDWRITTEN.read_bytes()
    first_imported, first_may_commit = threading.Event(), threading.Event()
    results: dict = {}

    def first():
        with transaction.atomic():
            result = import_jats(user=None, data=data)
            first_imported.set()
            assert first_may_commit.wait(WAIT_SECONDS)
            return result

    first_thread = in_thread(first, results, "first")
    assert first_imported.wait(WAIT_SECONDS)
    second_thread = in_thread(lambda: import_jats(user=None, data=data), results, "second")
    wait_until_blocked_on_a_lock(second_thread, results, WAIT_SECONDS)  # on the first's uncommitted rows
    first_may_commit.set()
    first_thread.join(WAIT_SECONDS)
    second_thread.join(WAIT_SECONDS)
    assert results["first"].created
    assert isinstance(results["second"], ImportRejected), results["second"]
    assert "at the same moment" in str(results["second"])
    assert Article.objects.count() == 1
    assert Submission.objects.count() == 1
