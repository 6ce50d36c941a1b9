"""Reference checks as use cases: request, run (idempotently, cached), apply a suggestion, read the report."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from editorial.demo.loader import load_demo
from editorial.errors import DomainError
from editorial.models import CrossrefLookup, Event, OutboxTask, ReferenceCheck
from editorial.references.selectors import reference_check_report
from editorial.references.services import (
    apply_suggested_doi,
    check_submission_now,
    request_reference_check,
    run_reference_check,
)
from tests.support.factories import UserFactory
from tests.support.references import make_editor, make_submission_with_references, work

pytestmark = pytest.mark.django_db

LIST = "\n".join(
    [
        "1. Snyder G. H. 1991. Alliances, balance, and stability. International Organization, vol. 45, no. 1, "
        "pp. 121-142. DOI: 10.5555/ok.",
        "2. Buzan B., Waever O. 2003. Regions and powers: The structure of international security. Cambridge, "
        "Cambridge University Press.",
        "3. Wohlforth W. C. 2002. U. S. strategy in a unipolar world. In: Ikenberry G. J. (ed.). America "
        "unrivalled. New York, Cornell University Press, pp. 98-120. DOI: 10.5555/elsewhere.",
    ]
)
SUGGESTED = "10.5555/findable"


@pytest.fixture
def standin(crossref, crossref_settings):
    crossref.add_record(
        work("10.5555/ok", "Alliances, balance, and stability", "Snyder", 1991, "International Organization")
    )
    crossref.add_record(work("10.5555/elsewhere", "The Stability of a Unipolar World", "Wohlforth", 1999))
    subtitle = ["The Structure of International Security"]
    crossref.add_record(work(SUGGESTED, "Regions and Powers", "Buzan", 2003, type="book", subtitle=subtitle))
    return crossref


@pytest.fixture
def submission():
    return make_submission_with_references(LIST)


def statuses(check):
    return dict(check.results.values_list("position", "status"))


def test_a_requested_check_is_recorded_then_run_by_name_after_commit(
    standin, submission, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        check = request_reference_check(submission_id=submission.pk, requested_by=submission.submitter)
    check.refresh_from_db()
    assert (check.state, check.reason) == ("done", "submission")
    assert statuses(check) == {1: "ok", 2: "doi_suggested", 3: "doi_mismatch"}
    assert check.summary == {"doi_mismatch": 1, "doi_suggested": 1, "ok": 1, "total": 3}
    outbox = OutboxTask.objects.get()
    assert (outbox.task_name, outbox.args, outbox.state) == ("editorial.run_reference_check", [check.pk], "done")


def test_a_check_still_waiting_is_not_queued_twice(standin, submission):
    first = request_reference_check(submission_id=submission.pk, requested_by=None)
    second = request_reference_check(submission_id=submission.pk, requested_by=None)
    assert first.pk == second.pk
    assert OutboxTask.objects.count() == 1
    assert standin.request_count == 0  # nothing runs before the transaction commits


def test_the_reason_says_who_asked_and_when(standin, submission):
    editor = make_editor(submission.journal)
    by_editor = request_reference_check(submission_id=submission.pk, requested_by=editor)
    assert by_editor.reason == "editor"
    ReferenceCheck.objects.all().delete()
    type(submission).objects.filter(pk=submission.pk).update(current_round=2)
    assert request_reference_check(submission_id=submission.pk, requested_by=submission.submitter).reason == "revision"


def test_only_editors_superusers_and_the_submitting_author_may_request_a_check(standin, submission):
    with pytest.raises(PermissionDenied):
        request_reference_check(submission_id=submission.pk, requested_by=UserFactory(username="stranger"))
    with pytest.raises(PermissionDenied):  # staff status opens the admin, it is no journal role
        request_reference_check(submission_id=submission.pk, requested_by=UserFactory(username="staff", is_staff=True))
    reviewer = make_editor(submission.journal, username="reviewer", kind="reviewer")
    with pytest.raises(PermissionDenied):
        request_reference_check(submission_id=submission.pk, requested_by=reviewer)
    assert request_reference_check(
        submission_id=submission.pk, requested_by=UserFactory(username="s", is_superuser=True)
    )
    assert not ReferenceCheck.objects.filter(requested_by__username="stranger").exists()


def test_running_the_same_check_twice_stores_its_results_once(standin, submission):
    check = ReferenceCheck.objects.create(submission=submission)
    run_reference_check(check_id=check.pk)
    sent = standin.request_count
    again = run_reference_check(check_id=check.pk)
    assert again.results.count() == 3
    assert standin.request_count == sent


def test_a_recheck_of_unchanged_references_makes_no_http_request(standin, submission):
    first = check_submission_now(submission_id=submission.pk)
    assert (first.lookups, first.cache_hits) == (3, 0)
    sent = standin.request_count
    second = check_submission_now(submission_id=submission.pk)
    assert standin.request_count == sent
    assert (second.lookups, second.cache_hits) == (3, 3)
    assert statuses(second) == statuses(first)
    assert CrossrefLookup.objects.count() == 3  # no Redis here: the database keeps them


def test_a_changed_reference_is_looked_up_again_and_only_it(standin, submission):
    check_submission_now(submission_id=submission.pk)
    sent = standin.request_count
    submission.references.filter(position=3).update(
        raw_text="Snyder G. H. 1991. Alliances. DOI: 10.5555/other.", doi=""
    )
    check = check_submission_now(submission_id=submission.pk)
    assert [r.path for r in standin.requests[sent:]] == ["/works/10.5555/other"]
    assert check.results.get(position=3).status == "doi_not_found"


def test_an_expired_lookup_is_asked_again_and_purged(standin, submission, settings):
    check_submission_now(submission_id=submission.pk)
    sent = standin.request_count
    CrossrefLookup.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    check_submission_now(submission_id=submission.pk)
    assert standin.request_count == sent + 3
    assert CrossrefLookup.objects.filter(expires_at__lte=timezone.now()).count() == 0


def test_with_caching_off_every_check_asks_crossref(standin, submission, settings):
    settings.REFERENCE_CHECK_CACHE_SECONDS = 0
    check_submission_now(submission_id=submission.pk)
    check_submission_now(submission_id=submission.pk)
    assert standin.request_count == 6


def test_crossref_down_gives_unverified_results_never_ok(standin, submission):
    standin.fail("500", times=100)
    check = check_submission_now(submission_id=submission.pk)
    assert check.state == "done"
    assert set(statuses(check).values()) == {"unverified"}
    assert CrossrefLookup.objects.count() == 0  # a failure is not remembered


def test_applying_a_suggested_doi_sets_it_and_records_an_event(standin, submission):
    editor = make_editor(submission.journal)
    check = check_submission_now(submission_id=submission.pk)
    result = check.results.get(position=2)
    reference = apply_suggested_doi(result_id=result.pk, editor=editor)
    assert reference.doi == SUGGESTED
    event = Event.objects.get(submission=submission)
    assert (event.actor, event.action) == (editor, "edited")
    assert event.data == {"reference": 2, "doi": SUGGESTED, "previous_doi": "", "check": check.pk}
    result.refresh_from_db()
    assert (result.applied_by, result.applied_at is not None) == (editor, True)

    apply_suggested_doi(result_id=result.pk, editor=editor)  # a second click changes nothing
    assert Event.objects.filter(submission=submission).count() == 1

    recheck = check_submission_now(submission_id=submission.pk)
    assert recheck.results.get(position=2).status == "ok"  # the applied DOI is checked now


def test_a_suggestion_is_applied_only_by_an_editor_and_only_to_the_text_that_was_checked(standin, submission):
    check = check_submission_now(submission_id=submission.pk)
    result = check.results.get(position=2)
    with pytest.raises(PermissionDenied):
        apply_suggested_doi(result_id=result.pk, editor=submission.submitter)
    editor = make_editor(submission.journal)
    with pytest.raises(DomainError, match="no suggested DOI"):
        apply_suggested_doi(result_id=check.results.get(position=1).pk, editor=editor)
    submission.references.filter(position=2).update(raw_text="Buzan B. 2004. Another book entirely.")
    with pytest.raises(DomainError, match="changed since it was checked"):
        apply_suggested_doi(result_id=result.pk, editor=editor)
    assert submission.references.get(position=2).doi == ""
    assert not Event.objects.exists()


def test_the_report_shows_the_last_finished_check_while_a_new_one_waits(standin, submission):
    done = check_submission_now(submission_id=submission.pk)
    waiting = request_reference_check(submission_id=submission.pk, requested_by=None)
    report = reference_check_report(submission_id=submission.pk)
    assert (report.check, report.pending) == (done, waiting)
    assert [r.position for r in report.flagged] == [3, 2]  # the wrong DOI before the suggestion
    assert report.ok_count == 1


def test_the_report_and_its_panel_take_a_fixed_number_of_queries(
    demo_crossref, crossref_settings, django_assert_max_num_queries
):
    article = load_demo(password="demo-pass").article
    editor = article.submission.journal.roles.get(kind="managing_editor").person.user
    check = check_submission_now(submission_id=article.submission_id)
    assert check.reference_count == 50
    apply_suggested_doi(result_id=check.results.get(position=1).pk, editor=editor)
    request = RequestFactory().get("/")
    request.user = editor
    with django_assert_max_num_queries(4):
        report = reference_check_report(submission_id=article.submission_id, viewer=editor)
        html = render_to_string("references/panels/reference_check.html", {"reference_check": report}, request=request)
    assert report.can_manage
    assert html.count('class="rc-apply"') == 2  # references 13 and 29; 1 is applied already
    assert "The Stability of a Unipolar World" in html


@pytest.mark.redis
def test_with_redis_the_lookups_are_kept_in_djangos_cache(standin, submission, settings):
    import os

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    check_submission_now(submission_id=submission.pk)
    sent = standin.request_count
    second = check_submission_now(submission_id=submission.pk)
    assert standin.request_count == sent
    assert second.cache_hits == 3
    assert CrossrefLookup.objects.count() == 0
