"""The production settings, with the benchmark's floor pages beside the site's own (bench/urls.py).

The floor lives here, not in journal/, so production's URL configuration carries nothing that only
a benchmark needs.
"""

from journal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
