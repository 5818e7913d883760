"""Development settings: `make demo`. Never use these on a public server."""

import django

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-example-site-for-local-demo-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Mail (moderation digests) is printed to the console.
if django.VERSION >= (6, 1):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# "Leave this page" on every page: a neutral page that loads in mainland China.
WAGTAIL_TUIDANG_QUICK_EXIT_URL = "https://cn.bing.com/"

# A development-only contact key; production reads its keys from the environment.
WAGTAIL_TUIDANG_CONTACT_KEYS = ["GKqKzJxeX4dM_fbI4gQT6r2W0tDpYwC9Ai1AhQe0NLk="]
