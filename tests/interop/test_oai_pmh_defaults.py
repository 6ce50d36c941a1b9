"""OAI-PMH as ``make run`` serves it: the settings' defaults (read in a fresh interpreter with the
developer's environment removed, as tests/test_settings.py does) and the demo journal loaded by
``manage.py load_demo``. Every verb's answer validates against the OAI-PMH schema; the other tests
of OAI-PMH set a valid ``OAI_ADMIN_EMAIL`` and so never saw that the default did not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from editorial.interop.oai import FALLBACK_ADMIN_EMAIL, identifier_for
from editorial.models import Article, Journal
from tests.support.oai import NS, oai

BASE_DIR = Path(__file__).resolve().parent.parent.parent
NAMES = ("SITE_URL", "OAI_ADMIN_EMAIL", "OAI_REPOSITORY_NAME", "DEFAULT_FROM_EMAIL", "OAI_PAGE_SIZE")
SHOW = f"""
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "journal.settings"
import django
django.setup()
from django.conf import settings
print(json.dumps({{name: getattr(settings, name) for name in {NAMES!r}}}))
"""
# What the environment may set that changes these settings (tests/environment.py sets some of them).
STRIPPED_PREFIXES = ("DJANGO_", "OAI_", "SITE_", "DEFAULT_FROM_", "EMAIL_", "SECRET_KEY", "DEBUG")

needs_no_dotenv = pytest.mark.skipif(
    (BASE_DIR / ".env").exists(), reason="a .env file in the project would override the defaults under test"
)


@pytest.fixture(scope="module")
def make_run_settings() -> dict:
    env = {name: value for name, value in os.environ.items() if not name.startswith(STRIPPED_PREFIXES)}
    env["DEBUG"] = "true"  # as the Makefile's run and demo targets set it
    result = subprocess.run(
        [sys.executable, "-c", SHOW], env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@needs_no_dotenv
def test_every_verb_validates_with_make_runs_defaults_and_the_demo_journal(
    client, db, media_root, settings, make_run_settings
):
    for name, value in make_run_settings.items():
        setattr(settings, name, value)
    call_command("load_demo", stdout=StringIO())
    article = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk").first()
    assert article is not None
    identifier = identifier_for(article.pk)
    journal = Journal.objects.get()

    identify = oai(client, verb="Identify").find("o:Identify", NS)
    assert identify.findtext("o:adminEmail", namespaces=NS) == journal.contact_email
    answers = [
        oai(client, verb="ListMetadataFormats"),
        oai(client, verb="ListMetadataFormats", identifier=identifier),
        oai(client, verb="ListSets"),
        oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc"),
        oai(client, verb="ListRecords", metadataPrefix="oai_dc"),
        oai(client, verb="ListRecords", metadataPrefix="jats"),
        oai(client, verb="ListRecords", metadataPrefix="oai_dc", set=journal.slug),
        oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc"),
        oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="jats"),
        oai(client, "post", verb="Identify"),
        oai(client, verb="NoSuchVerb"),
    ]
    assert answers[-1].find("o:error", NS).get("code") == "badVerb"
    assert answers[-3].find("o:GetRecord", NS) is not None


def test_an_address_the_schema_refuses_is_skipped_and_the_check_says_so(client, db, settings):
    settings.OAI_ADMIN_EMAIL = "oai@localhost"
    settings.DEFAULT_FROM_EMAIL = "journal@localhost"
    identify = oai(client, verb="Identify").find("o:Identify", NS)
    assert identify.findtext("o:adminEmail", namespaces=NS) == FALLBACK_ADMIN_EMAIL

    settings.DEFAULT_FROM_EMAIL = "journal@journal.example.org"
    identify = oai(client, verb="Identify").find("o:Identify", NS)
    assert identify.findtext("o:adminEmail", namespaces=NS) == "journal@journal.example.org"

    errors = StringIO()
    call_command("check", stdout=StringIO(), stderr=errors)
    assert "editorial.W001" in errors.getvalue()
    assert "OAI_ADMIN_EMAIL 'oai@localhost'" in errors.getvalue()


def test_a_valid_address_raises_no_warning(db, settings):
    settings.OAI_ADMIN_EMAIL = "oai@journal.example.org"
    output = StringIO()
    call_command("check", stdout=output, stderr=output)
    assert "editorial.W001" not in output.getvalue()
