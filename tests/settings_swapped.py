"""The test settings with Wagtail 8's swappable page model (``make test-swapped``):
``WAGTAIL_PAGE_MODEL`` names the base page of tests/swappedapp, and the apps
whose pages subclass Wagtail's ``Page`` are left out, as docs/installation.md
tells a site with its own base page to do."""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS

#: Apps whose page types subclass ``Page``: the plugin's ready-made pages, the
#: example site's home page and the suite's other test app.
PAGE_APPS = {"wagtail_tuidang.pages", "home", "tests.testapp"}

INSTALLED_APPS = [
    "tests.swappedapp",
    *(app for app in INSTALLED_APPS if app not in PAGE_APPS),
]
WAGTAIL_PAGE_MODEL = "swappedapp.BasePage"
