"""schemathesis against /api/schema/, in process through Django's WSGI application: requests
generated from the schema (valid and not), as an editor with a token and as an anonymous caller.
None may be answered with a server error. The number of examples per operation is bounded so the
whole run stays within about a minute."""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from tests.support.security_world import REFERENCE_WITHOUT_DOI, submission_with_references
from tests.support.workflow_fixtures import ready_draft

# Each operation gets this many generated requests per caller; a deeper hunt sets FUZZ_EXAMPLES
# (and FUZZ_COVERAGE=1 for schemathesis' boundary-value phase) in the environment.
EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "10"))

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_connection_per_test():
    """Requests go through Django's real WSGI handler, which closes the database connection after
    each request; inside a test's transaction that would close the test's own. Django's test client
    disconnects the same handler."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def callers(cast, settings):
    """An editor's token and no credentials; real rows, so generated ids (small integers) sometimes hit."""
    settings.CROSSREF_REST_RETRIES = 0
    settings.CROSSREF_REST_BACKOFF_SECONDS = 0
    ready_draft(cast, title="A draft for the fuzzer")
    submission_with_references(cast, "under_review", title="Under review", references=[REFERENCE_WITHOUT_DOI])
    editor = Token.objects.create(user=cast.managing_editor)
    callers = {"editor": {"Authorization": f"Token {editor.key}"}, "anonymous": {}}
    if os.environ.get("FUZZ_AS_AUTHOR") == "1":
        author = Token.objects.create(user=cast.author)
        callers["author"] = {"Authorization": f"Token {author.key}"}
    return callers


# Loaded when the module is collected: drawing the schema touches no database. (The lazy
# schemathesis.pytest.from_fixture does not work with this pytest: it reads a private attribute.)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
# The fuzzing phase (bounded by max_examples) and the schema's own examples; the coverage phase
# enumerates every boundary of every field (over a thousand requests for one operation), too many
# for the suite.
schema.config.phases.coverage.enabled = os.environ.get("FUZZ_COVERAGE") == "1"


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_server_error(case, callers):
    for caller, headers in callers.items():
        response = case.call(headers=headers)
        assert response.status_code < 500, (
            f"{caller}: {case.method} {case.formatted_path} -> {response.status_code}\n"
            f"{case.as_curl_command(headers=headers)}\n{response.text[:2000]}"
        )
