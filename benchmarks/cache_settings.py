"""The example site's production settings, as benchmarks/cache_load.py runs
them: plain HTTP on loopback behind nginx (which says the request came over
HTTPS), purges sent to nginx through Wagtail's HTTP backend, and tasks run
at once (the benchmark makes its decisions in its own process)."""

import os

from example_site.settings.production import *  # noqa: F403
from example_site.settings.production import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "django_tasks_db"] + [
    "wagtail.contrib.frontend_cache"
]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILFRONTENDCACHE = {
    "nginx": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["PURGE_LOCATION"],
    }
}
# Loopback only, and no certificate: the proxy's header says HTTPS.
SECURE_HSTS_SECONDS = 0
SILENCED_SYSTEM_CHECKS = ["wagtail_tuidang.W003"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # ngx_cache_purge answers 404 for a URL it does not hold: not news.
    "loggers": {"wagtail.frontendcache": {"level": "CRITICAL"}},
}
# No moderators' digest: there is no mail server on loopback.
WAGTAIL_TUIDANG_NOTIFY_INTERVAL = 0
