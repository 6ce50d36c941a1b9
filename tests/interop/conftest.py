"""Fixtures for JATS, Crossref import, OAI-PMH, sitemap and feed tests."""

from __future__ import annotations

import pytest

from tests.support.interop import russian_article


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://journal.example.org"
    settings.OAI_ADMIN_EMAIL = "oai@journal.example.org"
    return settings


@pytest.fixture
def article_ru(db, site):
    return russian_article()
