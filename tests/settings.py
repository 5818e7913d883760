"""Settings for the test suite: SQLite by default, DATABASE_URL for PostgreSQL."""

import atexit
import os
import shutil
import tempfile

import dj_database_url

from example_site.settings.base import *  # noqa: F403
from example_site.settings.base import INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-" + "x" * 20
ALLOWED_HOSTS = ["*"]
LANGUAGE_CODE = "en"
# One tree of pages, its language from the request, as most sites have; the
# translated demo is tested with tests/i18n_urls.py (test_language_switcher.py)
# and translated walls with tests/settings_locales.py.
WAGTAIL_I18N_ENABLED = False

# The plugin's pages in the plugin's own layout, so that their query budgets
# are the plugin's; tests/test_site_frame.py renders them in the example
# site's frame (templates/base.html).
WAGTAIL_TUIDANG_BASE_TEMPLATE = "wagtail_tuidang/base.html"

# frontend_cache is optional for sites; installed here so CDN purges are tested.
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache", "tests.testapp"]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "sqlite://:memory:"), conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

# Large enough never to cull: query counts must not depend on which entries
# an over-full cache happened to drop.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Django's test client signs in without a request, which django-axes refuses;
# tests/security/test_login_throttling.py switches it on.
AXES_ENABLED = False

WAGTAIL_TUIDANG_CONTACT_KEYS = ["ilu9TtxnLdPodbXcrFDijxigHPtxc2tavEf8oFXYNFg="]
WAGTAILADMIN_BASE_URL = "http://testserver"
# Import uploads in a private folder of this test run (outside MEDIA_ROOT).
WAGTAIL_TUIDANG_IMPORT_ROOT = tempfile.mkdtemp(prefix="tuidang-imports-")
atexit.register(shutil.rmtree, WAGTAIL_TUIDANG_IMPORT_ROOT, ignore_errors=True)
