"""Every ``WAGTAIL_TUIDANG_*`` setting, with its default, in one table.

Settings are read at call time through :func:`get_setting`, never copied into a
module-level constant, so that ``override_settings`` works everywhere.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

PREFIX = "WAGTAIL_TUIDANG_"

#: Name (without the prefix) → default value. Documented in
#: docs/reference/settings.md; keep the two in step.
DEFAULTS = {
    # The template every public page of the plugin extends: the site's own
    # base (e.g. "base.html", with a {% block content %} and
    # {% tuidang_head %} in its <head>), or the plugin's standalone layout.
    "BASE_TEMPLATE": "wagtail_tuidang/base.html",
    # Cache alias holding rate-limit counters. Must be shared by every web
    # process in production (Redis, Memcached, database cache).
    "RATELIMIT_CACHE": "default",
    # request.META key holding the client address behind proxies, e.g.
    # "HTTP_X_FORWARDED_FOR"; None uses REMOTE_ADDR. The address only ever
    # feeds a keyed hash for rate limits; it is never stored.
    "CLIENT_IP_HEADER": None,
    # How many proxies you run that append to that header: the entry added by
    # the outermost one is used (1 = the last entry).
    "TRUSTED_PROXIES": 1,
    # Submissions from one client within the window before statements are
    # flagged for moderators (never refused: people share VPN exits).
    "RATELIMIT_SUBMISSIONS": 5,
    "RATELIMIT_WINDOW": 3600,
    # Submissions within the window from one IPv4 /24, and from one IPv6 /48,
    # before statements are flagged: an attacker rotating addresses inside
    # one network stays one client here. Higher than RATELIMIT_SUBMISSIONS
    # (which also holds for a whole IPv6 /64, one subscriber's network), as
    # a university or a carrier shares a /24 and a provider's site a /48.
    "RATELIMIT_NETWORK_SUBMISSIONS": 20,
    "RATELIMIT_SITE_SUBMISSIONS": 60,
    # Submissions from everyone within the window before every further
    # statement is flagged "sent during a flood" and moderators are alerted.
    "RATELIMIT_GLOBAL_SUBMISSIONS": 20000,
    # Pending statements above which every new one is flagged "sent during a
    # flood" and moderators are alerted; 0 sets no ceiling. Counted at most
    # once a minute, and never beyond the ceiling.
    "PENDING_CEILING": 20000,
    # Seconds between two flood alerts of one kind (mail and admin banner).
    "FLOOD_ALERT_INTERVAL": 3600,
    # Proof of work (ALTCHA protocol, PBKDF2/SHA-256): iterations per
    # attempt at the lowest difficulty; each attempt has a 1 in 256 chance.
    # Doubled for each step of recent volume, at most POW_MAX_STEPS times.
    # 0 turns the proof off (statements are then never flagged "no proof").
    "POW_COST": 1000,
    "POW_MAX_STEPS": 4,
    # Seconds a challenge stays valid after the form was rendered.
    "POW_EXPIRY": 6 * 60 * 60,
    # Receipt look-ups from one client within the window.
    "RATELIMIT_RECEIPTS": 20,
    # Requests to the statements API (StatementsAPIViewSet) from one client
    # within the window; then 429 until the window ends.
    "RATELIMIT_API": 600,
    # Seconds a form must have been on screen before a submission looks human.
    "MIN_FILL_SECONDS": 3,
    # Largest number of people one statement may cover.
    "MAX_PEOPLE_PER_STATEMENT": 50,
    # Longest statement text, in characters.
    "MAX_STATEMENT_LENGTH": 2000,
    # Keys encrypting contact details at rest, newest first. Never SECRET_KEY.
    "CONTACT_KEYS": [],
    # Pluggable cipher for contact details.
    "CONTACT_CIPHER": {
        "CLASS": "wagtail_tuidang.crypto.FernetCipher",
        "OPTIONS": {},
    },
    # Days after a moderation decision before contact details are erased.
    "CONTACT_RETENTION_DAYS": 90,
    # Distinct moderators needed before a real name is shown.
    "REAL_NAME_CONFIRMATIONS": 2,
    # Published statements per page on the public listing.
    "STATEMENTS_PER_PAGE": 50,
    # Reasons a moderator may give when rejecting: (key, text) pairs. The text
    # is shown to the submitter on receipt/, in the language they wrote in.
    "REJECTION_REASONS": [
        (
            "unsafe",
            _(
                "Your statement contains details that could identify or endanger "
                "you, such as an identity number, address or workplace. Please "
                "send it again without them."
            ),
        ),
        (
            "unreadable",
            _("Your statement could not be read. Please write it again clearly."),
        ),
        (
            "name",
            _("Please give a name or an alias, not a placeholder such as “none”."),
        ),
        (
            "duplicate",
            _("This statement repeats one that was already sent."),
        ),
        (
            "unrelated",
            _("Your statement does not say which organisations you quit."),
        ),
    ],
    # Seconds between two digests of the moderation queue sent to moderators;
    # 0 sends none. Tracked in the default cache (share it between processes).
    "NOTIFY_INTERVAL": 3600,
    # Seconds without news from a running import before it counts as stopped
    # (its worker died); the page then says to import the file again.
    "IMPORT_STALE_AFTER": 300,
    # Rows imported per admin request when tasks run inside the request
    # (django-tasks' immediate backend): each step commits, and the progress
    # page runs the next, so no request outlives a proxy's timeout.
    "IMPORT_STEP_ROWS": 2000,
    # Blank rows of a new sheet in the volunteer console's sheet (at most
    # 200; the sheet's script can add more rows up to that).
    "VOLUNTEER_SHEET_ROWS": 20,
    # Most statements a tab of the moderation queue counts; above it the tab
    # says "10,000+" (counting a flood exactly costs a scan of it).
    "QUEUE_COUNT_CAP": 10_000,
    # Statements decided per admin request by a decision on all statements
    # matching a filter, when tasks run inside the request (django-tasks'
    # immediate backend); the progress page runs the next step.
    "BULK_STEP_ROWS": 2000,
    # Days after a withdrawal before the statement's name, alias, text and
    # region are erased (a tombstone with its dates and counts stays).
    "WITHDRAWN_RETENTION_DAYS": 30,
    # Where import uploads wait between upload and import: an alias of
    # Django's STORAGES that is never served publicly (e.g. a private bucket
    # shared by web and task workers). None: a private folder on this
    # machine, IMPORT_ROOT.
    "IMPORT_STORAGE": None,
    # That private folder; None: "wagtail_tuidang_imports" in the system's
    # temporary directory. Never under MEDIA_ROOT or STATIC_ROOT.
    "IMPORT_ROOT": None,
    # Largest import file, in bytes.
    "IMPORT_MAX_UPLOAD_BYTES": 50 * 1024 * 1024,
    # Largest XLSX contents once decompressed, in bytes, and the largest
    # ratio of decompressed to compressed size (a "zip bomb" has thousands).
    "IMPORT_MAX_XLSX_BYTES": 100 * 1024 * 1024,
    "IMPORT_MAX_XLSX_RATIO": 100,
    # Most rows (blank ones included) one import file may have.
    "IMPORT_MAX_ROWS": 200_000,
    # Rows (blank ones included) and seconds the preview spends before the
    # person confirms; the rest are checked as they are imported.
    "IMPORT_PREVIEW_ROWS": 1000,
    "IMPORT_PREVIEW_SECONDS": 5,
    # The moderation queue's viewset, as a dotted path: a subclass of
    # StatementViewSet registered in the plugin's place.
    "STATEMENT_VIEWSET": "wagtail_tuidang.moderation.views.StatementViewSet",
    # Content-Security-Policy of SecurityHeadersMiddleware (written by
    # Django's or django-csp's CSP middleware when one sits above it):
    # {"public": {…}, "admin": {…}} directives replacing the plugin's own
    # (None drops one); "report_only": True to send it as
    # Content-Security-Policy-Report-Only; "report_uri": the site's own URL
    # browsers report violations to; "frame_ancestors": origins that may
    # frame pages without a form (embeds). None sends no policy (a site that
    # sets its own).
    "CSP": {},
    # Permissions-Policy features over the plugin's own, e.g.
    # {"camera": ["self"]}; None sends no header.
    "PERMISSIONS_POLICY": {},
    # Where the "Leave this page" control of every public page goes (an
    # absolute http(s) URL of a neutral page on another site, e.g. a weather
    # page); None shows no control. Checked by wagtail_tuidang.W010.
    "QUICK_EXIT_URL": None,
    # Who must confirm each sign-in with a code from an authenticator app
    # (needs wagtail_tuidang.accounts): False, True (those who can read
    # contacts, confirm real names or export), "all" (every admin user), or a
    # list of "app_label.codename" permissions.
    "REQUIRE_2FA": False,
    # Where readers of the static mirror (tuidang_mirror_export) reach the
    # live site, e.g. its .onion address: the mirror's links to the statement
    # form and the receipt page lead there. None: the Wagtail site's own URL.
    "MIRROR_MAIN_URL": None,
    # The site's other host names (mirrors), e.g. ["mirror.example.net"]:
    # on a request to one of them, share links, Open Graph URLs, feeds and
    # sitemaps use it. Each must also be in ALLOWED_HOSTS. Canonical links
    # stay on the main site.
    "MIRROR_HOSTS": [],
    # The site's v3 onion address ("<56 characters>.onion"), or None: used
    # like a mirror on requests to it, and announced to Tor Browser on the
    # other hosts with an Onion-Location header.
    "ONION_HOST": None,
    # Who may frame the embeddable counter (embed/counter/): CSP
    # frame-ancestors sources. Every other page keeps refusing frames.
    "EMBED_FRAME_ANCESTORS": ["*"],
    # max-age (seconds) of the open data routes (stats/json/, embed/counter/,
    # embed/badge/) in other sites' readers' browsers; a CDN is purged on
    # every publication.
    "OPEN_DATA_MAX_AGE": 300,
    # Days of daily figures stats/json/ gives, and the most ?days= may ask.
    "STATS_DAYS": 30,
    "STATS_MAX_DAYS": 366,
    # Where the open data dumps (tuidang_open_data_dump) are written and
    # downloaded from: an alias of Django's STORAGES whose files are public,
    # or None for default_storage; and the folder inside it.
    "OPEN_DATA_STORAGE": None,
    "OPEN_DATA_PREFIX": "tuidang-open-data/",
    # The licence of the dumps, shown on the data/ page:
    # {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"};
    # None: the page says that no licence is stated.
    "OPEN_DATA_LICENCE": None,
    # Whether each wall has a transparency/ page (monthly figures of what
    # the site did with statements), and how many months it shows.
    "TRANSPARENCY": False,
    "TRANSPARENCY_MONTHS": 12,
}


def get_setting(name):
    """Return the current value of ``WAGTAIL_TUIDANG_<name>``, or its default."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown wagtail-tuidang setting: {PREFIX}{name}")
    return getattr(settings, PREFIX + name, DEFAULTS[name])
