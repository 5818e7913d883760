"""Settings shared by every environment of the example site.

The three wagtail-tuidang lines are marked below; everything else is an ordinary
Wagtail project with privacy-respecting defaults.
"""

from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "home",
    # wagtail-tuidang: the app, its ready-made pages, and the contrib apps they use.
    "wagtail_tuidang",
    "wagtail_tuidang.pages",
    # Staff accounts: login throttling and two-factor authentication.
    "wagtail_tuidang.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "wagtail.contrib.routable_page",
    # Pages in zh-Hans, zh-Hant and English: Settings → Locales, and
    # "Translate" in the page menu.
    "wagtail.locales",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    # The read API at /api/v2/ (example_site/api.py).
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: Content-Security-Policy, Permissions-Policy and "private" on any
    # response setting a cookie, on every response, the two below included.
    "wagtail_tuidang.headers.SecurityHeadersMiddleware",
    # A database outage anywhere below, Wagtail's routing included, is a 503
    # in the visitor's language rather than a bare 500.
    "wagtail_tuidang.middleware.DatabaseUnavailableMiddleware",
    # A request that is not UTF-8 is a clear 400 before anything reads it.
    "wagtail_tuidang.encoding.Utf8OnlyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Finds a statement wall's submit/ without walking the page tree again.
    "wagtail_tuidang.middleware.SubmitRouteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sends staff who must confirm their sign-in to the code page.
    "wagtail_tuidang.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a lockout into the "sign-in paused" page.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes), first so a locked-out account is refused
# before its password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Counted per username, in the cache, with no client address: nothing about
# where a person signs in from is stored or logged (see
# docs/how-to/secure-staff-accounts.md).
AXES_HANDLER = "wagtail_tuidang.accounts.throttling.ForgivingAxesCacheHandler"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "wagtail_tuidang.accounts.throttling.no_client_address"
AXES_LOCKOUT_CALLABLE = "wagtail_tuidang.accounts.throttling.lockout_response"
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
# Counting by username alone is the point (rule 1: no addresses kept).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

ROOT_URLCONF = "example_site.urls"

# The example site's own strings (its error pages); the plugin ships its own.
LOCALE_PATHS = [BASE_DIR / "locale"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
]
# Each page has a translation per language, at /zh-hans/…, /zh-hant/… and
# /en/… (urls.py), and the language switcher links the translations.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# The site's own static files. Git keeps no empty directory, and Django warns
# (staticfiles.W004) about a missing one, so it is listed once it exists.
STATICFILES_DIRS = [path for path in [BASE_DIR / "static"] if path.is_dir()]
STATIC_ROOT = BASE_DIR / "collected-static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The CSRF cookie lives as long as the browser session, not a year: it only
# exists on pages with the statement form.
CSRF_COOKIE_AGE = None

WAGTAIL_SITE_NAME = "Tuidang example site"
# wagtail-tuidang's pages render inside the site's own frame (masthead,
# navigation, footer: templates/base.html).
WAGTAIL_TUIDANG_BASE_TEMPLATE = "base.html"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx"]

# Privacy: no request leaves the site on a visitor's or editor's behalf.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_RECENT_EDITS_LIMIT = 5
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Django's request log line carries no IP; the server's access log is off
    # in production (see production.py).
    "root": {"handlers": ["console"], "level": "WARNING"},
}
