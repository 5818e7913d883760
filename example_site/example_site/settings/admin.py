"""Admin host settings: the production settings plus the contact private keys.

Run the admin host (where contact officers read contact details) with
DJANGO_SETTINGS_MODULE=example_site.settings.admin, on a separate deployment
reachable by staff only. The public web host never gets these keys.

Required environment, besides production's: WAGTAIL_TUIDANG_CONTACT_PRIVATE_KEYS
(comma separated x25519-private: keys; the current key pair's first, older
ones while their contacts are re-encrypted).
"""

import os

from .production import *  # noqa: F403
from .production import WAGTAIL_TUIDANG_CONTACT_CIPHER

WAGTAIL_TUIDANG_CONTACT_CIPHER = {
    **WAGTAIL_TUIDANG_CONTACT_CIPHER,
    "OPTIONS": {
        **WAGTAIL_TUIDANG_CONTACT_CIPHER["OPTIONS"],
        "PRIVATE_KEYS": [
            key
            for key in os.environ["WAGTAIL_TUIDANG_CONTACT_PRIVATE_KEYS"].split(",")
            if key
        ],
    },
}
