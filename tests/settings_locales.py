"""The test settings with Wagtail's localisation and both translation apps
installed: ``make test-locales`` runs tests/test_locales.py with them, where
the wagtail-localize tests (skipped under tests.settings) need its tables."""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS, LANGUAGES

INSTALLED_APPS = [*INSTALLED_APPS, "wagtail_localize"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# One address per page, whatever the language (the localised demo's
# /zh-hant/… addresses are tested in tests/test_language_switcher_i18n.py).
ROOT_URLCONF = "tests.unprefixed_urls"
