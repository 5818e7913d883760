"""Production settings: every secret from the environment, HTTPS everywhere.

These are the public web host's settings: contact details are encrypted to a
public key, and this host cannot read them. Contact officers read them on the
admin host, whose settings (``example_site.settings.admin``) add the private
key.

Required environment: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS (comma separated),
WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY (from `manage.py tuidang_generate_key
--key-pair`). Optional: WAGTAIL_TUIDANG_CONTACT_KEYS (comma separated Fernet
keys, only while contacts stored before the public key are moved to it with
`manage.py tuidang_rotate_keys`), DATABASE_URL (default SQLite), CONN_MAX_AGE
(seconds a database connection is reused, default 60), REDIS_URL (default
redis://127.0.0.1:6379/0), WAGTAILADMIN_BASE_URL, OTP_TOTP_ISSUER (the name
authenticator apps show), WAGTAIL_TUIDANG_CSP_REPORT_URI (the site's own URL
that receives Content-Security-Policy reports), WAGTAIL_TUIDANG_CSP_REPORT_ONLY
(1: report without blocking, while adopting the policy).
"""

import copy
import os

import django

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, TEMPLATES

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = [h for h in os.environ["DJANGO_ALLOWED_HOSTS"].split(",") if h]
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", WAGTAILADMIN_BASE_URL)  # noqa: F405

if "DATABASE_URL" in os.environ:
    import dj_database_url

    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            # Keep a connection for a minute of requests rather than opening
            # one per request; health checks drop one that died (a restarted
            # PostgreSQL) before a request uses it, instead of failing it.
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
    # Wagtail's search (django-modelsearch) needs it on PostgreSQL.
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.postgres"]

# Background work (CDN purges, digests, imports) runs in a worker process
# (`manage.py db_worker`), never inside a web request that a proxy may time out.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Redis is an accelerator: while it is unreachable, reads and writes are
# misses and no-ops (pages come from the database) instead of 500s.
CACHES = {
    "default": {
        "BACKEND": "wagtail_tuidang.cache_backends.ForgivingRedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "OPTIONS": {
            # Fail fast while Redis is down rather than hold each request.
            "socket_connect_timeout": 1,
            "socket_timeout": 1,
        },
    }
}

WAGTAIL_TUIDANG_CONTACT_CIPHER = {
    "CLASS": "wagtail_tuidang.crypto.PublicKeyCipher",
    # No PRIVATE_KEYS here: the web host encrypts and never decrypts.
    "OPTIONS": {"PUBLIC_KEY": os.environ["WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY"]},
}
# Fernet keys of contacts stored before the switch, until they are moved.
WAGTAIL_TUIDANG_CONTACT_KEYS = [
    k for k in os.environ.get("WAGTAIL_TUIDANG_CONTACT_KEYS", "").split(",") if k
]

# Staff who can read contact details, confirm real names or export confirm
# every sign-in with a code from an authenticator app.
WAGTAIL_TUIDANG_REQUIRE_2FA = True
# The name authenticator apps show next to the codes.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", WAGTAIL_SITE_NAME)  # noqa: F405
# Import uploads wait here for the worker: a private folder both see.
WAGTAIL_TUIDANG_IMPORT_ROOT = os.environ.get("WAGTAIL_TUIDANG_IMPORT_ROOT")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# The Content-Security-Policy, enforced: no page loads anything from another
# origin (the plugin's rule 8). On Django 6.0+ Django's own CSP middleware
# writes the plugin's policy, so a template may run an inline script with
# {% csp_nonce_attr %}; on Django 5.2 the plugin's middleware writes it.
WAGTAIL_TUIDANG_CSP = {
    "report_only": os.environ.get("WAGTAIL_TUIDANG_CSP_REPORT_ONLY") == "1",
    "report_uri": os.environ.get("WAGTAIL_TUIDANG_CSP_REPORT_URI") or None,
}
if django.VERSION >= (6, 0):
    MIDDLEWARE = ["django.middleware.csp.ContentSecurityPolicyMiddleware", *MIDDLEWARE]
    TEMPLATES = copy.deepcopy(TEMPLATES)
    TEMPLATES[0]["OPTIONS"]["context_processors"].append(
        "django.template.context_processors.csp"
    )
