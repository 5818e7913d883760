"""The example site's production settings, with the form builder page added."""

from example_site.settings.production import *  # noqa: F403
from example_site.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "submit_bench"]
