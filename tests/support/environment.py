"""Loaded as a pytest plugin (``-p tests.environment``) before Django is configured.

The suite runs with production-like settings (DEBUG off), which need a SECRET_KEY; plain
HTTP on the test server must not be redirected to HTTPS, and static files are served from
the source folders rather than from a collectstatic manifest.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
# Nothing in the suite may reach the real Crossref: a port where nothing listens refuses at once.
# Tests that talk to Crossref point these at the local stand-in.
os.environ.setdefault("CROSSREF_API_URL", "http://127.0.0.1:9")
os.environ.setdefault("CROSSREF_DEPOSIT_URL", "http://127.0.0.1:9")
# Without Redis the broker and the cache are folders (journal/settings.py): the suite gets its own,
# so it never takes a development worker's messages or reads a development server's cached pages.
_scratch = tempfile.mkdtemp(prefix="journal-tests-")
atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
os.environ.setdefault("CELERY_BROKER_FOLDER", os.path.join(_scratch, "broker"))
os.environ.setdefault("CACHE_FOLDER", os.path.join(_scratch, "cache"))
