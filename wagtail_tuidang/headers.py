"""Security headers on every response: rule 8 ("no third party") as a header.

:class:`SecurityHeadersMiddleware` adds, to every response of the site:

- ``Content-Security-Policy``: on public pages nothing loads from another
  origin (``default-src 'self'``), no inline script or style runs, no site
  frames the pages (but the site itself: Wagtail's preview) and forms post
  only to the site. The Wagtail (and Django)
  admin gets a policy of its own, as strict as Wagtail's own inline scripts
  allow (:data:`ADMIN_POLICY`).
- ``Permissions-Policy``: camera, microphone, geolocation, payment, USB,
  interest cohorts and the like are off for the page and any frame in it.
- ``Cache-Control: private`` and ``Vary: Cookie`` on any response that sets a
  cookie (the CSRF cookie of a page with the statement form, on whatever
  page an editor placed it), and on any response to a request carrying a
  session cookie (a signed-in editor's page shows Wagtail's user bar): a
  CDN never stores one person's cookie or page and hands it to the next.

Both policies are adjusted, or switched off for a site that sends its own,
with ``WAGTAIL_TUIDANG_CSP`` and ``WAGTAIL_TUIDANG_PERMISSIONS_POLICY`` (see
docs/reference/settings.md). A header already on the response (set by a
view, django-csp or Django's own ``ContentSecurityPolicyMiddleware``) is
left as it is.
"""

from urllib.parse import urlsplit

from django.conf import settings
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
    "base-uri": [SELF],
    "form-action": [SELF],
    # Not 'none': Wagtail's preview panel frames the page, rendered through
    # this middleware under the page's own path.
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
        """Add the policy of :meth:`get_csp` unless the response has one."""
        config = get_setting("CSP")
        if config is None:
            return
        header = CSP_REPORT_ONLY_HEADER if config.get("report_only") else CSP_HEADER
        if CSP_HEADER in response or CSP_REPORT_ONLY_HEADER in response:
            return
        area = "admin" if is_admin_path(request.path) else "public"
        response[header] = build_policy(self.get_csp(area, config))

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
