"""The example site's production settings, with the form builder page added."""

from example_site.settings.production import *  # noqa: F403
from example_site.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "submit_bench"]

# Behind one trusted proxy: the load benchmarks send each form from its own
# address through one local connection, as people on their own networks do.
WAGTAIL_TUIDANG_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
