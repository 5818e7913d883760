"""System checks: tell a site developer exactly what is missing or unsafe."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from .conf import get_setting

REQUIRED_APPS = (
    "wagtail",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
)
REQUEST_PROCESSOR = "django.template.context_processors.request"
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
POSITIVE_INTEGER_SETTINGS = (
    "RATELIMIT_SUBMISSIONS",
    "RATELIMIT_WINDOW",
    "RATELIMIT_RECEIPTS",
    "MAX_PEOPLE_PER_STATEMENT",
    "MAX_STATEMENT_LENGTH",
    "CONTACT_RETENTION_DAYS",
    "REAL_NAME_CONFIRMATIONS",
    "STATEMENTS_PER_PAGE",
    "TRUSTED_PROXIES",
    "IMPORT_STALE_AFTER",
    "IMPORT_STEP_ROWS",
    "QUEUE_COUNT_CAP",
    "BULK_STEP_ROWS",
    "WITHDRAWN_RETENTION_DAYS",
    "IMPORT_MAX_UPLOAD_BYTES",
    "IMPORT_MAX_XLSX_BYTES",
    "IMPORT_MAX_XLSX_RATIO",
    "IMPORT_MAX_ROWS",
    "IMPORT_PREVIEW_ROWS",
    "IMPORT_PREVIEW_SECONDS",
    "VOLUNTEER_SHEET_ROWS",
    "TRANSPARENCY_MONTHS",
)


@register(Tags.compatibility)
def check_required_apps(app_configs, **kwargs):
    return [
        Error(
            f"wagtail_tuidang needs '{app}' in INSTALLED_APPS.",
            hint=f"Add '{app}' to INSTALLED_APPS, then run migrate.",
            id="wagtail_tuidang.E001",
        )
        for app in REQUIRED_APPS
        if not apps.is_installed(app)
    ]


@register(Tags.templates)
def check_request_context_processor(app_configs, **kwargs):
    for engine in settings.TEMPLATES:
        if engine["BACKEND"] != "django.template.backends.django.DjangoTemplates":
            continue
        if REQUEST_PROCESSOR in engine.get("OPTIONS", {}).get("context_processors", []):
            return []
    return [
        Error(
            f"wagtail_tuidang's templates need the '{REQUEST_PROCESSOR}' "
            "context processor.",
            hint="Add it to TEMPLATES[...]['OPTIONS']['context_processors'] of "
            "the DjangoTemplates engine.",
            id="wagtail_tuidang.E002",
        )
    ]


@register(Tags.security, deploy=True)
def check_contact_keys(app_configs, **kwargs):
    keys = get_setting("CONTACT_KEYS")
    if not keys and _cipher_needs_keys():
        return [
            Error(
                "WAGTAIL_TUIDANG_CONTACT_KEYS is not set: contact details "
                "cannot be stored encrypted.",
                hint='Generate a key with `python -c "from cryptography.fernet '
                'import Fernet; print(Fernet.generate_key().decode())"` and keep '
                "it apart from SECRET_KEY.",
                id="wagtail_tuidang.E003",
            )
        ]
    if settings.SECRET_KEY in keys:
        return [
            Error(
                "WAGTAIL_TUIDANG_CONTACT_KEYS must not contain SECRET_KEY.",
                hint="A leaked SECRET_KEY must not also expose contact details.",
                id="wagtail_tuidang.E004",
            )
        ]
    return []


@register(Tags.security)
def check_contact_cipher(app_configs, **kwargs):
    if not get_setting("CONTACT_KEYS") and _cipher_needs_keys():
        # E003 makes it an error in production; development may run without.
        return [
            Warning(
                "WAGTAIL_TUIDANG_CONTACT_KEYS is not set: the statement form "
                "leaves out the contact details field.",
                hint="Set a key (tuidang_generate_key) to let submitters leave "
                "contact details for moderators.",
                id="wagtail_tuidang.W006",
            )
        ]
    from .crypto import get_cipher

    try:
        get_cipher()
    except (ImproperlyConfigured, ImportError, TypeError, KeyError) as error:
        return [
            Error(
                f"WAGTAIL_TUIDANG_CONTACT_CIPHER cannot be used: {error}",
                hint="Check CLASS (a dotted path), OPTIONS and the format of "
                "WAGTAIL_TUIDANG_CONTACT_KEYS.",
                id="wagtail_tuidang.E005",
            )
        ]
    return []


def _cipher_needs_keys():
    """Whether the configured cipher needs WAGTAIL_TUIDANG_CONTACT_KEYS."""
    try:
        cipher_class = import_string(get_setting("CONTACT_CIPHER")["CLASS"])
    except (ImportError, KeyError, TypeError):
        return True  # E005 names the problem.
    return getattr(cipher_class, "needs_keys", True)


@register(Tags.security)
def check_public_key_cipher(app_configs, **kwargs):
    """W004: on a host with private keys, one of them reads new contacts."""
    from .crypto import PublicKeyCipher, get_cipher

    try:
        cipher = get_cipher()
    except (ImproperlyConfigured, ImportError, TypeError, KeyError):
        return []  # E005 reports it.
    if not isinstance(cipher, PublicKeyCipher) or not cipher.can_decrypt:
        return []
    if cipher.public_key_id in cipher.private_keys:
        return []
    return [
        Warning(
            "None of the contact cipher's PRIVATE_KEYS belongs to its "
            f"PUBLIC_KEY (key id {cipher.public_key_id}): contact details "
            "stored from now on cannot be read on this host.",
            hint="Add the private key of the current key pair to PRIVATE_KEYS "
            "on the admin host, or set PUBLIC_KEY to the key pair you hold.",
            id="wagtail_tuidang.W004",
        )
    ]


@register(Tags.caches)
def check_ratelimit_cache_alias(app_configs, **kwargs):
    alias = get_setting("RATELIMIT_CACHE")
    if alias in settings.CACHES:
        return []
    return [
        Error(
            f"WAGTAIL_TUIDANG_RATELIMIT_CACHE names the cache '{alias}', which "
            "is not in CACHES.",
            hint="Name an alias from CACHES, or add that cache.",
            id="wagtail_tuidang.E006",
        )
    ]


@register(Tags.caches, deploy=True)
def check_ratelimit_cache_shared(app_configs, **kwargs):
    backend = settings.CACHES.get(get_setting("RATELIMIT_CACHE"), {}).get("BACKEND")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"Rate limits are counted in '{backend}', which each web process "
            "keeps for itself: a spammer gets a fresh allowance per process.",
            hint="Use a shared cache (Redis, Memcached or the database cache) "
            "for WAGTAIL_TUIDANG_RATELIMIT_CACHE.",
            id="wagtail_tuidang.W001",
        )
    ]


@register()
def check_setting_values(app_configs, **kwargs):
    errors = []
    for name in POSITIVE_INTEGER_SETTINGS:
        value = get_setting(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            errors.append(
                Error(
                    f"WAGTAIL_TUIDANG_{name} must be a positive whole number, "
                    f"not {value!r}.",
                    id="wagtail_tuidang.E007",
                )
            )
    if not isinstance(get_setting("MIN_FILL_SECONDS"), int | float):
        errors.append(
            Error(
                "WAGTAIL_TUIDANG_MIN_FILL_SECONDS must be a number of seconds.",
                id="wagtail_tuidang.E007",
            )
        )
    return errors


@register()
def check_client_ip_header(app_configs, **kwargs):
    header = get_setting("CLIENT_IP_HEADER")
    if header is None or header == "REMOTE_ADDR":
        return []
    if isinstance(header, str) and header.startswith("HTTP_"):
        return []
    return [
        Error(
            f"WAGTAIL_TUIDANG_CLIENT_IP_HEADER must be None or a request.META key "
            f"such as 'HTTP_X_FORWARDED_FOR', not {header!r}.",
            hint="Django prefixes request headers with HTTP_ and uses underscores.",
            id="wagtail_tuidang.E008",
        )
    ]


@register(Tags.security, deploy=True)
def check_csrf_cookie_age(app_configs, **kwargs):
    if settings.CSRF_COOKIE_AGE is None:
        return []
    return [
        Warning(
            "CSRF_COOKIE_AGE keeps the CSRF cookie of the statement form for "
            f"{settings.CSRF_COOKIE_AGE} seconds on the visitor's device.",
            hint="Set CSRF_COOKIE_AGE = None so it ends with the browser session.",
            id="wagtail_tuidang.W002",
        )
    ]


def _is_reason(pair):
    """Whether ``pair`` is one usable ``(key, text)`` rejection reason."""
    if not isinstance(pair, list | tuple) or len(pair) != 2:
        return False
    key, text = pair
    return (
        isinstance(key, str)
        and bool(key)
        and isinstance(text, str | Promise)
        and len(str(text)) <= 255
    )


@register()
def check_rejection_reasons(app_configs, **kwargs):
    """E009: the reasons a moderator picks from are a non-empty list of
    ``(key, text)`` pairs with unique keys."""
    reasons = get_setting("REJECTION_REASONS")
    # Type guard first: anything that is not a list is answered, never iterated.
    if (
        isinstance(reasons, list | tuple)
        and reasons
        and all(_is_reason(pair) for pair in reasons)
        and len({key for key, _text in reasons}) == len(reasons)
    ):
        return []
    return [
        Error(
            "WAGTAIL_TUIDANG_REJECTION_REASONS must be a non-empty list of "
            "(key, text) pairs with unique keys and texts of at most 255 "
            f"characters, not {reasons!r}.",
            id="wagtail_tuidang.E009",
        )
    ]


@register()
def check_notify_interval(app_configs, **kwargs):
    """E010: the digest interval is a whole number of seconds, zero or more."""
    interval = get_setting("NOTIFY_INTERVAL")
    if isinstance(interval, int) and not isinstance(interval, bool) and interval >= 0:
        return []
    return [
        Error(
            "WAGTAIL_TUIDANG_NOTIFY_INTERVAL must be a whole number of seconds "
            f"(0 turns digests off), not {interval!r}.",
            id="wagtail_tuidang.E010",
        )
    ]


IMMEDIATE_TASK_BACKENDS = (
    "django_tasks.backends.immediate.ImmediateBackend",
    "django.tasks.backends.immediate.ImmediateBackend",
)


@register(deploy=True)
def check_task_backend(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    tasks = getattr(settings, "TASKS", None) or {}
    backend = tasks.get("default", {}).get("BACKEND", IMMEDIATE_TASK_BACKENDS[0])
    if backend not in IMMEDIATE_TASK_BACKENDS:
        return []
    return [
        Warning(
            "Background tasks run inside web requests (django-tasks' immediate "
            "backend): imports run in steps while their progress page is open, "
            "and digests and purges slow the requests that start them.",
            hint="Use a task queue in production, e.g. the django_tasks_db "
            "backend with its db_worker (see the deployment how-to).",
            id="wagtail_tuidang.W003",
        )
    ]


@register()
def check_frontend_cache(app_configs, **kwargs):
    """W009: CDN backends are configured, but the app that purges is not
    installed, so nothing would ever be purged."""
    configured = getattr(settings, "WAGTAILFRONTENDCACHE", None) or getattr(
        settings, "WAGTAILFRONTENDCACHE_LOCATION", None
    )
    if not configured or apps.is_installed("wagtail.contrib.frontend_cache"):
        return []
    return [
        Warning(
            "WAGTAILFRONTENDCACHE is set but wagtail.contrib.frontend_cache is "
            "not installed: no page is ever purged, and the CDN shows "
            "statements and articles until their time-to-live runs out.",
            hint='Add "wagtail.contrib.frontend_cache" to INSTALLED_APPS.',
            id="wagtail_tuidang.W009",
        )
    ]


@register()
def check_statement_viewset(app_configs, **kwargs):
    """E011: the queue's viewset setting names a StatementViewSet subclass."""
    from .moderation.views import get_statement_viewset_class

    try:
        get_statement_viewset_class()
    except (ImproperlyConfigured, ImportError) as error:
        return [
            Error(
                f"WAGTAIL_TUIDANG_STATEMENT_VIEWSET cannot be used: {error}",
                hint="Give the dotted path of a subclass of "
                "wagtail_tuidang.moderation.views.StatementViewSet.",
                id="wagtail_tuidang.E011",
            )
        ]
    return []


@register()
def check_import_storage(app_configs, **kwargs):
    """Import uploads must never be reachable under a public URL."""
    from .transfer import storage

    try:
        problem = storage.why_not_private()
    except Exception as error:  # a wrong alias or backend: say which
        problem = str(error)
    if problem is None:
        return []
    return [
        Error(
            f"Import uploads would not be private: {problem}",
            hint=(
                "Set WAGTAIL_TUIDANG_IMPORT_STORAGE to a STORAGES alias that "
                "is not served, or WAGTAIL_TUIDANG_IMPORT_ROOT to a folder "
                "outside MEDIA_ROOT and STATIC_ROOT (or leave both unset)."
            ),
            id="wagtail_tuidang.E012",
        )
    ]


SECURITY_MIDDLEWARE = {
    "wagtail_tuidang.headers.SecurityHeadersMiddleware": (
        "sends no Content-Security-Policy or Permissions-Policy, and lets a CDN "
        "cache a page that sets the statement form's CSRF cookie"
    ),
    "wagtail_tuidang.encoding.Utf8OnlyMiddleware": (
        "reads a request in another text encoding instead of refusing it"
    ),
}


@register()
def check_header_settings(app_configs, **kwargs):
    """E013: WAGTAIL_TUIDANG_CSP and _PERMISSIONS_POLICY have the documented
    shape."""
    errors = []
    csp = get_setting("CSP")
    if csp is not None and not _is_csp(csp):
        errors.append(
            Error(
                "WAGTAIL_TUIDANG_CSP must be None or a dict with optional keys "
                '"public" and "admin" (each a dict of directive → list of '
                'sources, or None), "report_only" (a boolean), "report_uri" '
                '(a URL) and "frame_ancestors" (a list of origins).',
                hint='For example {"public": {"img-src": ["\'self\'", "data:", '
                '"https://media.example.org"]}}.',
                id="wagtail_tuidang.E013",
            )
        )
    policy = get_setting("PERMISSIONS_POLICY")
    if policy is not None and not _is_directives(policy):
        errors.append(
            Error(
                "WAGTAIL_TUIDANG_PERMISSIONS_POLICY must be None or a dict of "
                "feature → list of allowed origins (or None).",
                hint='For example {"fullscreen": ["self"]}.',
                id="wagtail_tuidang.E013",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def check_security_middleware(app_configs, **kwargs):
    """W005: the plugin's header and encoding middleware are installed."""
    installed = set(getattr(settings, "MIDDLEWARE", None) or [])
    return [
        Warning(
            f"{path} is not in MIDDLEWARE: the site {consequence}.",
            hint=f'Add "{path}" near the top of MIDDLEWARE '
            "(see docs/how-to/security-headers.md).",
            id="wagtail_tuidang.W005",
        )
        for path, consequence in SECURITY_MIDDLEWARE.items()
        if path not in installed
        and not (path.endswith("SecurityHeadersMiddleware") and _headers_off())
    ]


def _headers_off():
    return get_setting("CSP") is None and get_setting("PERMISSIONS_POLICY") is None


CSP_KEYS = {"public", "admin", "report_only", "report_uri", "frame_ancestors"}


def _is_csp(value):
    if not isinstance(value, dict) or set(value) - CSP_KEYS:
        return False
    areas = [value.get("public") or {}, value.get("admin") or {}]
    report_uri = value.get("report_uri")
    ancestors = value.get("frame_ancestors") or []
    return (
        isinstance(value.get("report_only", False), bool)
        and (report_uri is None or isinstance(report_uri, str))
        and isinstance(ancestors, list | tuple)
        and all(isinstance(origin, str) for origin in ancestors)
        and all(_is_directives(area) for area in areas)
    )


#: The settings each CSP middleware reads its own site-wide policy from:
#: (enforced, report-only).
CSP_WRITER_SETTINGS = {
    "django.middleware.csp.ContentSecurityPolicyMiddleware": (
        "SECURE_CSP",
        "SECURE_CSP_REPORT_ONLY",
    ),
    "csp.middleware.CSPMiddleware": (
        "CONTENT_SECURITY_POLICY",
        "CONTENT_SECURITY_POLICY_REPORT_ONLY",
    ),
}


@register(Tags.security)
def check_csp_delivery(app_configs, **kwargs):
    """E018: the plugin's Content-Security-Policy reaches the browser: its
    middleware is installed when the policy is configured, and no CSP
    middleware below it writes a header first."""
    from .headers import CSP_WRITERS, PLUGIN_MIDDLEWARE

    if get_setting("CSP") is None:
        return []
    middleware = list(getattr(settings, "MIDDLEWARE", None) or [])
    if PLUGIN_MIDDLEWARE not in middleware:
        if not hasattr(settings, "WAGTAIL_TUIDANG_CSP"):
            return []  # W005 (deploy) names the missing middleware.
        return [
            Error(
                "WAGTAIL_TUIDANG_CSP is set, but no response carries the "
                f"policy: {PLUGIN_MIDDLEWARE} is not in MIDDLEWARE.",
                hint=f'Add "{PLUGIN_MIDDLEWARE}" near the top of MIDDLEWARE, '
                "or set WAGTAIL_TUIDANG_CSP = None (docs/how-to/security-headers.md).",
                id="wagtail_tuidang.E018",
            )
        ]
    below = middleware[middleware.index(PLUGIN_MIDDLEWARE) + 1 :]
    return [
        Error(
            f"{path} comes after {PLUGIN_MIDDLEWARE} in MIDDLEWARE: it writes "
            "its own Content-Security-Policy (or none) before the plugin's "
            "policy is built, and pages that carry a form can be framed.",
            hint=f"Move {path} above {PLUGIN_MIDDLEWARE}: it then sends the "
            "plugin's policy, with its nonces.",
            id="wagtail_tuidang.E018",
        )
        for path in below
        if path in CSP_WRITERS
    ]


@register(Tags.security)
def check_competing_csp(app_configs, **kwargs):
    """W008: the site does not also configure a policy that the plugin's
    replaces on every response."""
    from .headers import csp_writer

    config = get_setting("CSP")
    writer = csp_writer()
    if config is None or writer is None:
        return []
    setting = CSP_WRITER_SETTINGS[writer][1 if config.get("report_only") else 0]
    if not getattr(settings, setting, None):
        return []
    return [
        Warning(
            f"{setting} is set, but WAGTAIL_TUIDANG_CSP replaces it on every "
            f"response: {writer} sends the plugin's policy instead.",
            hint=f"Add the sources you need to WAGTAIL_TUIDANG_CSP "
            f'(its "public" and "admin" directives) and remove {setting}, or '
            "set WAGTAIL_TUIDANG_CSP = None to send only your own policy.",
            id="wagtail_tuidang.W008",
        )
    ]


@register(Tags.security, deploy=True)
def check_csp_enforced(app_configs, **kwargs):
    """W008 (deploy): production pages are protected by an enforced policy."""
    config = get_setting("CSP")
    if config is None:
        middleware = getattr(settings, "MIDDLEWARE", None) or []
        if any(path in middleware for path in CSP_WRITER_SETTINGS):
            return []
        problem = (
            "WAGTAIL_TUIDANG_CSP is None and no CSP middleware is installed: "
            "unless your proxy adds one, pages carry no Content-Security-Policy"
        )
    elif config.get("report_only"):
        problem = (
            "the Content-Security-Policy is report-only: a third-party script "
            "added to a template is reported, not blocked"
        )
    else:
        return []
    return [
        Warning(
            f"{problem}.",
            hint='Enforce it in production (drop "report_only" from '
            "WAGTAIL_TUIDANG_CSP) once the reports are clean.",
            id="wagtail_tuidang.W008",
        )
    ]


def _is_directives(value):
    return isinstance(value, dict) and all(
        isinstance(key, str)
        and (
            sources is None
            or (
                isinstance(sources, list | tuple)
                and all(isinstance(s, str) for s in sources)
            )
        )
        for key, sources in value.items()
    )


#: Contact keys published with the plugin (the example site's development
#: settings, the test settings): anyone can read what they encrypt.
DEVELOPMENT_CONTACT_KEYS = frozenset(
    {
        "GKqKzJxeX4dM_fbI4gQT6r2W0tDpYwC9Ai1AhQe0NLk=",
        "ilu9TtxnLdPodbXcrFDijxigHPtxc2tavEf8oFXYNFg=",
    }
)


def _strings(value):
    """The strings (or bytes) in ``value``, or in the list holding them."""
    values = value if isinstance(value, list | tuple | set) else [value]
    return [item for item in values if isinstance(item, str | bytes)]


def _configured_contact_keys():
    """``(setting, key)`` for every string in the ``WAGTAIL_TUIDANG_CONTACT_*KEY*``
    settings and in the cipher's ``OPTIONS``, whatever the cipher calls them."""
    names = sorted(
        {  # a set: dir() lists an overridden setting twice
            name
            for name in dir(settings)
            if name.startswith("WAGTAIL_TUIDANG_CONTACT_") and "KEY" in name
        }
    )
    found = [(name, key) for name in names for key in _strings(getattr(settings, name))]
    options = get_setting("CONTACT_CIPHER")
    options = options.get("OPTIONS") if isinstance(options, dict) else None
    for option, value in (options if isinstance(options, dict) else {}).items():
        name = f"WAGTAIL_TUIDANG_CONTACT_CIPHER['OPTIONS']['{option}']"
        found.extend((name, key) for key in _strings(value))
    return found


@register(Tags.security, deploy=True)
def check_development_contact_keys(app_configs, **kwargs):
    """E014: no published development key protects real contact details."""
    return [
        Error(
            f"{name} holds a development key published with wagtail-tuidang: "
            "anyone can decrypt the contact details it protects.",
            hint="Generate a key of your own with `python manage.py "
            "tuidang_generate_key` and read it from the environment.",
            id="wagtail_tuidang.E014",
        )
        for name, key in _configured_contact_keys()
        if (key.decode() if isinstance(key, bytes) else key).strip()
        in DEVELOPMENT_CONTACT_KEYS
    ]


AXES_DATABASE_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
PRIVATE_LOCKOUT_PARAMETERS = ("ip_address", "user_agent")


def _axes_parameters():
    parameters = getattr(settings, "AXES_LOCKOUT_PARAMETERS", None) or []
    if not isinstance(parameters, list | tuple):
        return []  # a callable: its author answers for it
    flat = []
    for parameter in parameters:
        flat.extend(parameter if isinstance(parameter, list | tuple) else [parameter])
    return flat


@register(Tags.security)
def check_login_throttle_privacy(app_configs, **kwargs):
    """E015: django-axes, when installed, keeps no IP address or user agent."""
    if not apps.is_installed("axes"):
        return []
    problems = []
    handler = getattr(settings, "AXES_HANDLER", AXES_DATABASE_HANDLER)
    if handler == AXES_DATABASE_HANDLER:
        problems.append("its database handler stores IP addresses and user agents")
    if any(p in PRIVATE_LOCKOUT_PARAMETERS for p in _axes_parameters()):
        problems.append("AXES_LOCKOUT_PARAMETERS counts by IP address or user agent")
    if getattr(settings, "AXES_VERBOSE", True):
        problems.append("AXES_VERBOSE logs user agents")
    if not getattr(settings, "AXES_CLIENT_IP_CALLABLE", None):
        problems.append("AXES_CLIENT_IP_CALLABLE does not keep the address from it")
    if not problems:
        return []
    return [
        Error(
            "django-axes would record who signs in from where: "
            + "; ".join(problems)
            + ".",
            hint="Use the settings in docs/how-to/secure-staff-accounts.md: "
            "the wagtail_tuidang.accounts cache handler, lockout by username, "
            "AXES_VERBOSE = False and no client address.",
            id="wagtail_tuidang.E015",
        )
    ]


TWO_FACTOR_APPS = (
    "wagtail_tuidang.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
)
TWO_FACTOR_MIDDLEWARE = "wagtail_tuidang.accounts.middleware.TwoFactorMiddleware"


def _is_permission_list(value):
    return isinstance(value, list | tuple) and all(
        isinstance(item, str) and item.count(".") == 1 for item in value
    )


@register(Tags.security)
def check_two_factor(app_configs, **kwargs):
    """E016: WAGTAIL_TUIDANG_REQUIRE_2FA is understood and can be enforced."""
    value = get_setting("REQUIRE_2FA")
    if not (isinstance(value, bool) or value == "all" or _is_permission_list(value)):
        return [
            Error(
                'WAGTAIL_TUIDANG_REQUIRE_2FA must be True, False, "all" or a '
                f"list of 'app_label.codename' permissions, not {value!r}.",
                id="wagtail_tuidang.E016",
            )
        ]
    if not value:
        return []
    missing = [app for app in TWO_FACTOR_APPS if not apps.is_installed(app)]
    if TWO_FACTOR_MIDDLEWARE not in settings.MIDDLEWARE:
        missing.append(TWO_FACTOR_MIDDLEWARE)
    if not missing:
        return []
    return [
        Error(
            "WAGTAIL_TUIDANG_REQUIRE_2FA is on, but nothing enforces it: "
            f"{', '.join(missing)} missing.",
            hint="Add the apps to INSTALLED_APPS and the middleware right after "
            "AuthenticationMiddleware (docs/how-to/secure-staff-accounts.md).",
            id="wagtail_tuidang.E016",
        )
    ]


@register(Tags.security)
def check_mirror_hosts(app_configs, **kwargs):
    """E019: the mirror and onion host names are well formed, and Django
    accepts requests to them."""
    from django.http.request import split_domain_port, validate_host

    from .sharing import hosts

    problems = hosts.host_errors()
    allowed = settings.ALLOWED_HOSTS
    if not allowed and settings.DEBUG:
        allowed = [".localhost", "127.0.0.1", "[::1]"]  # as Django's get_host
    for host in hosts.other_hosts():
        if not validate_host(split_domain_port(host)[0], allowed):
            problems.append(
                f"{host!r} is listed as a mirror or onion host but not in "
                "ALLOWED_HOSTS: Django refuses every request to it."
            )
    return [
        Error(
            problem,
            hint="See docs/how-to/censorship.md and the settings reference.",
            id="wagtail_tuidang.E019",
        )
        for problem in problems
    ]


@register()
def check_volunteer_sheet_rows(app_configs, **kwargs):
    """W018: the sheet's blank rows fit in one sheet."""
    from .volunteers.sheets import MAX_ROWS

    rows = get_setting("VOLUNTEER_SHEET_ROWS")
    if isinstance(rows, bool) or not isinstance(rows, int) or rows <= MAX_ROWS:
        return []  # E007 names a value that is no whole number.
    return [
        Warning(
            f"WAGTAIL_TUIDANG_VOLUNTEER_SHEET_ROWS is {rows}, but a sheet has at "
            f"most {MAX_ROWS} rows: volunteers see {MAX_ROWS}.",
            hint=f"Set it to {MAX_ROWS} or fewer.",
            id="wagtail_tuidang.W018",
        )
    ]


#: Flood and proof-of-work settings: (name, smallest allowed value).
FLOOD_SETTINGS = (
    ("RATELIMIT_NETWORK_SUBMISSIONS", 1),
    ("RATELIMIT_SITE_SUBMISSIONS", 1),
    ("RATELIMIT_GLOBAL_SUBMISSIONS", 1),
    ("PENDING_CEILING", 0),
    ("FLOOD_ALERT_INTERVAL", 1),
    ("POW_COST", 0),
    ("POW_MAX_STEPS", 0),
    ("POW_EXPIRY", 1),
)
#: PBKDF2 iterations per attempt above which a phone waits too long (about
#: ten seconds and more; docs/benchmarks.md).
POW_PHONE_BUDGET = 32_000


@register()
def check_flood_settings(app_configs, **kwargs):
    errors = []
    for name, least in FLOOD_SETTINGS:
        value = get_setting(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            errors.append(
                Error(
                    f"WAGTAIL_TUIDANG_{name} must be a whole number of at least "
                    f"{least}, not {value!r}.",
                    id="wagtail_tuidang.E020",
                )
            )
    return errors


@register()
def check_pow_cost(app_configs, **kwargs):
    if check_flood_settings(app_configs):
        return []  # E020 says what is wrong
    highest = get_setting("POW_COST") * 2 ** get_setting("POW_MAX_STEPS")
    if highest <= POW_PHONE_BUDGET:
        return []
    return [
        Warning(
            f"At its highest difficulty the proof of work costs {highest} "
            "iterations per attempt: a phone may take a minute to send a "
            "statement.",
            hint="Lower WAGTAIL_TUIDANG_POW_COST or WAGTAIL_TUIDANG_POW_MAX_STEPS "
            f"so that their product (cost × 2^steps) stays at most "
            f"{POW_PHONE_BUDGET}.",
            id="wagtail_tuidang.W011",
        )
    ]


@register()
def check_open_data(app_configs, **kwargs):
    """W021: the open data dumps have a storage to go to, and the licence
    the data/ page shows has a name."""
    problems = []
    alias = get_setting("OPEN_DATA_STORAGE")
    if alias is not None and alias not in settings.STORAGES:
        problems.append(
            f"WAGTAIL_TUIDANG_OPEN_DATA_STORAGE is {alias!r}, which STORAGES "
            "does not define: tuidang_open_data_dump and data/ fail."
        )
    licence = get_setting("OPEN_DATA_LICENCE")
    if licence is not None and not (
        isinstance(licence, dict) and isinstance(licence.get("name"), str | Promise)
    ):
        problems.append(
            "WAGTAIL_TUIDANG_OPEN_DATA_LICENCE must be None or "
            '{"name": ..., "url": ...}: data/ shows no licence.'
        )
    return [
        Warning(
            problem,
            hint="See docs/reference/open-data.md and the settings reference.",
            id="wagtail_tuidang.W021",
        )
        for problem in problems
    ]
