"""Settings to regenerate the migrations of tests/hostsite: the site's own,
with the plugin's app added as the install test adds it (see
docs/how-to/run-tests.md)."""

from riverside.settings.dev import *  # noqa: F403
from riverside.settings.dev import INSTALLED_APPS

INSTALLED_APPS = [INSTALLED_APPS[0], "wagtail_tuidang", *INSTALLED_APPS[1:]]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
