"""/healthz and /readyz answer load balancers in JSON: /readyz is a 503 naming what is down."""

import pytest
from django.db import OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from journal.celery import app as celery_app


def refuse(execute, sql, params, many, context):
    """The database server refusing every statement, as when it is down (Django's execute hook)."""
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def test_healthz_answers_json_without_asking_anything(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_readyz_answers_200_with_each_check(client, settings):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "cache": "ok",
            "broker": "ok",
        },
    }


@pytest.mark.django_db
def test_readyz_is_a_503_naming_the_database_when_it_does_not_answer():
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(refuse):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["database", "migrations"]
    assert "Connection refused" in body["checks"]["database"]
    assert body["checks"]["cache"] == "ok"


@pytest.mark.django_db
def test_readyz_is_a_503_naming_the_broker_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


@pytest.mark.django_db
def test_readyz_is_a_503_naming_the_broker_when_its_folder_is_gone(client, settings, tmp_path):
    """Without Redis the broker is a folder (kombu's filesystem transport) that must take messages."""
    settings.REDIS_URL = ""
    saved = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    celery_app.conf.broker_url = "filesystem://"
    celery_app.conf.broker_transport_options = {**saved[1], "data_folder_in": str(tmp_path / "gone")}
    try:
        response = client.get("/readyz")
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]
    assert "gone" in response.json()["checks"]["broker"]


@pytest.mark.django_db(transaction=True)
def test_readyz_is_a_503_naming_migrations_while_one_is_not_applied(client):
    executor = MigrationExecutor(connection)
    leaf = next(node for node in executor.loader.graph.leaf_nodes() if node[0] == "editorial")
    before = executor.loader.graph.node_map[leaf].parents
    previous = sorted(parent.key for parent in before if parent.key[0] == "editorial")[0]
    executor.migrate([previous])
    try:
        response = client.get("/readyz")
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["migrations"]
    assert leaf[1] in body["checks"]["migrations"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
@pytest.mark.django_db
def test_probes_are_not_redirected_to_https(client, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(path).status_code == 200
    assert client.get("/editorial/status/").status_code == 301, "other pages still are"


@pytest.mark.skipif(not celery_app.conf.broker_url.startswith("filesystem"), reason="the broker is Redis here")
def test_queue_length_counts_the_messages_waiting_in_the_brokers_folder():
    from editorial.operations.selectors import queue_length
    from editorial.outbox import task_names

    celery_app.control.purge()
    assert queue_length() == 0
    for _ in range(3):
        celery_app.send_task(task_names.RECORD_HEARTBEAT)
    try:
        assert queue_length() == 3
    finally:
        celery_app.control.purge()
