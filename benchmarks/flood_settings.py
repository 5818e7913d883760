"""The submit benchmark's settings, with the client address read from
X-Forwarded-For (one trusted proxy), so that the flood benchmark can send
from many addresses through one local connection."""

from submit_bench.settings import *  # noqa: F403

WAGTAIL_TUIDANG_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
