"""Security headers on every response: rule 8 ("no third party") as a header.

:class:`SecurityHeadersMiddleware` adds, to every response of the site:

- ``Content-Security-Policy``: on public pages nothing loads from another
  origin (``default-src 'self'``), no inline script or style runs, forms post
  only to the site and no ``<base>`` may redirect relative links. A page
  that carries a form (it asked for a CSRF token: the statement form, the
  receipt page, a page with the form block) cannot be framed at all
  (``frame-ancestors 'none'``); other pages only by the site itself
  (Wagtail's preview) and the origins a site lists for embeds. The Wagtail
  (and Django) admin gets a policy of its own, as strict as Wagtail's own
  inline scripts allow (:data:`ADMIN_POLICY`).

  The policy is built here, once; who writes the header depends on
  ``MIDDLEWARE``: Django's ``ContentSecurityPolicyMiddleware`` (Django 6.0+)
  or django-csp 4's ``CSPMiddleware`` when one is listed above this
  middleware (the policy is handed over as their per-response override, so
  their nonces work), else this middleware itself.
- ``Permissions-Policy``: camera, microphone, geolocation, payment, USB,
  interest cohorts and the like are off for the page and any frame in it.
- ``Cache-Control: private`` and ``Vary: Cookie`` on any response that sets a
  cookie (the CSRF cookie of a page with the statement form, on whatever
  page an editor placed it), and on any response to a request carrying a
  session cookie (a signed-in editor's page shows Wagtail's user bar): a
  CDN never stores one person's cookie or page and hands it to the next.

Both policies are adjusted, or switched off for a site that sends its own,
with ``WAGTAIL_TUIDANG_CSP`` and ``WAGTAIL_TUIDANG_PERMISSIONS_POLICY`` (see
docs/reference/settings.md). A header already on the response, or a view's
own override (``csp_override``, django-csp's decorators), is left as it is.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from .articles import embeds
from .conf import get_setting

SELF = "'self'"
NONE = "'none'"

#: Public pages: every asset from the site itself (rule 2).
PUBLIC_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "media-src": [SELF],
    "object-src": [NONE],
    # No page needs <base>: an injected one could send every relative link
    # and form elsewhere.
    "base-uri": [NONE],
    "form-action": [SELF],
    # Not 'none': Wagtail's preview panel frames the page, rendered through
    # this middleware under the page's own path. Pages with a form get
    # 'none' (see frame_ancestors()).
    "frame-ancestors": [SELF],
    # Frames come only from the click-to-load embed providers (added below),
    # and only once a reader asks for one.
    "frame-src": [SELF],
}
#: The admin: Wagtail's widgets (date choosers, inline panels) ship inline
#: scripts and set inline styles.
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "media-src": [SELF, "blob:"],
}
#: Directives that also receive the origins of ``STATIC_URL`` and
#: ``MEDIA_URL`` when those are absolute (object storage, the site's CDN).
ASSET_DIRECTIVES = ("script-src", "style-src", "img-src", "font-src", "media-src")

#: Features no page of the plugin uses: off for the page and its frames.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

CSP_HEADER = "Content-Security-Policy"
CSP_REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"
PERMISSIONS_HEADER = "Permissions-Policy"
REPORTING_HEADER = "Reporting-Endpoints"
#: The name ``report-to`` gives the endpoint of ``WAGTAIL_TUIDANG_CSP["report_uri"]``.
REPORT_GROUP = "wagtail-tuidang-csp"

PLUGIN_MIDDLEWARE = "wagtail_tuidang.headers.SecurityHeadersMiddleware"
#: CSP middleware that can write the plugin's policy: dotted path → the
#: response attributes it reads a per-response policy from (enforced,
#: report-only).
CSP_WRITERS = {
    "django.middleware.csp.ContentSecurityPolicyMiddleware": (
        "_csp_config",
        "_csp_ro_config",
    ),
    "csp.middleware.CSPMiddleware": (
        "_csp_config",
        "_csp_config_ro",
    ),
}


class SecurityHeadersMiddleware:
    """Put it first in ``MIDDLEWARE``, so that every response (the 503 of a
    database outage and the 400 of an unreadable request too) carries the
    headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        self.add_csp(request, response)
        self.add_permissions_policy(response)
        if _sets_cookie(request, response) or _has_session(request):
            # Never stored by a shared cache: the cookie, or the page, is
            # this visitor's.
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
        return response

    def add_csp(self, request, response):
        """Add the policy of :meth:`get_response_csp`, or hand it to the CSP
        middleware above this one, unless the response has its own."""
        config = get_setting("CSP")
        if config is None or _has_csp(response):
            return
        report_only = bool(config.get("report_only"))
        writer = csp_writer()
        if writer is None:
            header = CSP_REPORT_ONLY_HEADER if report_only else CSP_HEADER
            response[header] = build_policy(
                self.get_response_csp(request, response, config)
            )
            return
        attr = CSP_WRITERS[writer][1 if report_only else 0]
        if getattr(response, attr, None) is None:  # else the view's override
            policy = self.get_response_csp(request, response, config)
            setattr(response, attr, _with_nonce(policy, request))

    def get_response_csp(self, request, response, config):
        """The policy of one response: :meth:`get_csp` of its area, its
        :meth:`frame_ancestors`, and where to report."""
        area = "admin" if is_admin_path(request.path) else "public"
        policy = self.get_csp(area, config)
        if area == "public":
            policy.pop("frame-ancestors", None)
            ancestors = self.frame_ancestors(request, response, config)
            if ancestors is not None:
                policy["frame-ancestors"] = ancestors
        self.add_reporting(request, response, policy, config)
        return policy

    def frame_ancestors(self, request, response, config):
        """Who may frame a public page: nobody when it carries a form (a
        clickjacked statement form), else the site itself (Wagtail's
        preview) and ``WAGTAIL_TUIDANG_CSP["frame_ancestors"]``. A site's
        own ``"frame-ancestors"`` in ``WAGTAIL_TUIDANG_CSP["public"]``
        wins over both (``None``: no directive). A response's own
        ``tuidang_frame_ancestors`` (the embeddable counter's) wins over all.
        Override to decide per page."""
        own = getattr(response, "tuidang_frame_ancestors", None)
        if own is not None:
            return own  # A view made to be framed (embed/counter/).
        public = config.get("public") or {}
        if "frame-ancestors" in public:
            return public["frame-ancestors"]
        if has_form(request) and not getattr(request, "is_preview", False):
            return [NONE]
        return [SELF, *(config.get("frame_ancestors") or [])]

    def add_reporting(self, request, response, policy, config):
        """Send reports to ``WAGTAIL_TUIDANG_CSP["report_uri"]``:
        ``report-uri`` and ``report-to``, whose endpoint a
        ``Reporting-Endpoints`` header names with an absolute URL."""
        uri = config.get("report_uri")
        if not uri:
            return
        policy["report-uri"] = [uri]
        try:
            url = urljoin(request.build_absolute_uri("/"), uri)
        except DisallowedHost:
            return  # The 400 of an unknown host: report-uri alone.
        policy["report-to"] = [REPORT_GROUP]
        response[REPORTING_HEADER] = f'{REPORT_GROUP}="{url}"'

    def get_csp(self, area, config):
        """The directives for ``area`` ("public" or "admin"): the defaults,
        the site's assets and embed providers, then the site's adjustments
        from ``WAGTAIL_TUIDANG_CSP[area]``. Override to compute your own."""
        policy = {
            key: list(value)
            for key, value in (
                ADMIN_POLICY if area == "admin" else PUBLIC_POLICY
            ).items()
        }
        for origin in asset_origins():
            for directive in ASSET_DIRECTIVES:
                policy[directive].append(origin)
        policy["frame-src"].extend(embed_origins())
        for directive, sources in (config.get(area) or {}).items():
            if sources is None:
                policy.pop(directive, None)
            else:
                policy[directive] = list(sources)
        return policy

    def add_permissions_policy(self, response):
        """Add ``Permissions-Policy``: :data:`PERMISSIONS_POLICY` with
        ``WAGTAIL_TUIDANG_PERMISSIONS_POLICY`` over it."""
        config = get_setting("PERMISSIONS_POLICY")
        if config is None or PERMISSIONS_HEADER in response:
            return
        features = {**PERMISSIONS_POLICY, **config}
        response[PERMISSIONS_HEADER] = ", ".join(
            f"{feature}=({' '.join(_allowlist_item(item) for item in allowed)})"
            for feature, allowed in features.items()
            if allowed is not None
        )


def csp_writer():
    """The dotted path of the CSP middleware that writes the plugin's
    policy: Django's or django-csp's when ``MIDDLEWARE`` lists it above
    (before) :class:`SecurityHeadersMiddleware`, whose response it then
    reads last; None when the plugin's middleware writes the header."""
    middleware = list(getattr(settings, "MIDDLEWARE", None) or [])
    above = (
        middleware[: middleware.index(PLUGIN_MIDDLEWARE)]
        if (PLUGIN_MIDDLEWARE in middleware)
        else []
    )
    return next((path for path in above if path in CSP_WRITERS), None)


def has_form(request):
    """True when the response carries a form posting back to the site: its
    view or template asked for a CSRF token (``{% csrf_token %}``).

    ``get_token()`` sets ``CSRF_COOKIE_NEEDS_UPDATE``; CsrfViewMiddleware
    turns it back to False once the cookie is on the response, but the key
    stays."""
    return "CSRF_COOKIE_NEEDS_UPDATE" in request.META


def used_csp_nonce(request):
    """The CSP nonce a template of this response used, or None.

    A site template may run an inline script with the nonce of Django's CSP
    middleware (``{% csp_nonce_attr %}``) or django-csp's
    (``request.csp_nonce``): both keep it in ``request._csp_nonce``, and it
    is true only once a template used it."""
    nonce = getattr(request, "_csp_nonce", None)
    return nonce if nonce else None


def _with_nonce(policy, request):
    # Not in the admin ('unsafe-inline' there): a nonce would make browsers
    # ignore the 'unsafe-inline' Wagtail's widgets need.
    nonce = used_csp_nonce(request)
    scripts = policy.get("script-src")
    if nonce and scripts is not None and "'unsafe-inline'" not in scripts:
        policy["script-src"] = [*scripts, f"'nonce-{nonce}'"]
    return policy


def _has_csp(response):
    return CSP_HEADER in response or CSP_REPORT_ONLY_HEADER in response


def build_policy(policy):
    """``{"img-src": ["'self'", "data:"]}`` → ``img-src 'self' data:``."""
    return "; ".join(
        " ".join([directive, *dict.fromkeys(sources)]).strip()
        for directive, sources in policy.items()
    )


#: The URL names whose prefix is an admin: Wagtail's, and Django's if routed.
ADMIN_HOMES = ("wagtailadmin_home", "admin:index")


def admin_prefixes():
    """The URL prefixes of the admins the site routes, with the script
    prefix of a site served below a path (compare with ``request.path``)."""
    prefixes = []
    for name in ADMIN_HOMES:
        try:
            prefixes.append(reverse(name))
        except NoReverseMatch:
            continue
    return prefixes


def is_admin_path(path):
    """True below the Wagtail admin's (or Django admin's) URL prefix;
    ``path`` includes the script prefix, as ``reverse()`` does. An admin
    mounted at the site's root leaves every page the public policy."""
    return any(prefix != "/" and path.startswith(prefix) for prefix in admin_prefixes())


def asset_origins():
    """The origins of ``STATIC_URL`` and ``MEDIA_URL`` when they are on
    another host than the site (its own storage or CDN)."""
    origins = []
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        parts = urlsplit(str(url or ""))
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


def embed_origins():
    """The origins the click-to-load embeds frame (see
    :data:`wagtail_tuidang.articles.embeds.PROVIDERS`)."""
    origins = []
    for provider in embeds.PROVIDERS:
        parts = urlsplit(provider.frame_url)
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


def _allowlist_item(item):
    # Keywords stay bare; origins are quoted strings in a structured header.
    return item if item in ("self", "*", "src") else f'"{item.strip(chr(34))}"'


def _sets_cookie(request, response):
    return bool(response.cookies) or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def _has_session(request):
    # The cookie's presence, not the session: reading it would cost a query.
    return settings.SESSION_COOKIE_NAME in request.COOKIES
