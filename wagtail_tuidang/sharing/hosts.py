"""The public base URL of a request: the site's own host, or the mirror or
onion address the reader came through.

A site reachable under other names (``WAGTAIL_TUIDANG_MIRROR_HOSTS``, and
``WAGTAIL_TUIDANG_ONION_HOST`` for a Tor onion service) shares links on the
name its reader used: a reader on a mirror shares the mirror, because the
main domain is the one that is blocked. Only a listed name is ever used: the
``Host`` header of any other request never reaches a URL, so a forged header
cannot put another domain into share links, feeds or cached pages.

Canonical links stay on the main site (see
:func:`wagtail_tuidang.sharing.buttons.page_canonical_url`): they tell search
engines that the mirrors are copies, not rivals.
"""

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port
from wagtail.models import Site

from ..conf import get_setting
from ..mirror import mirror_public_url

#: A host name (or IPv4 address) with an optional port, in lower case.
HOST = re.compile(
    r"(?=.{1,253}(:|$))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::[0-9]{1,5})?"
)
#: A v3 onion address: 56 base32 characters (v2 addresses no longer work).
ONION = re.compile(r"[a-z2-7]{56}\.onion")


def host_errors():
    """Why the mirror and onion settings cannot be used, as sentences (an
    empty list when they can); read by the ``wagtail_tuidang.E019`` check."""
    errors = []
    mirrors = get_setting("MIRROR_HOSTS")
    if not isinstance(mirrors, list | tuple):
        errors.append("WAGTAIL_TUIDANG_MIRROR_HOSTS must be a list of host names.")
        mirrors = []
    for entry in mirrors:
        if not isinstance(entry, str) or not HOST.fullmatch(entry):
            errors.append(
                f"WAGTAIL_TUIDANG_MIRROR_HOSTS: {entry!r} is not a host name "
                "(lower case, no scheme, path or wildcard; a port is allowed)."
            )
        elif entry.endswith(".onion"):
            errors.append(
                f"WAGTAIL_TUIDANG_MIRROR_HOSTS: {entry!r} is an onion address; "
                "set it as WAGTAIL_TUIDANG_ONION_HOST."
            )
    onion = get_setting("ONION_HOST")
    if onion is not None and not (isinstance(onion, str) and ONION.fullmatch(onion)):
        errors.append(
            f"WAGTAIL_TUIDANG_ONION_HOST: {onion!r} is not a v3 onion address "
            "(56 letters a–z and digits 2–7, then “.onion”; no scheme or path)."
        )
    return errors


def onion_host():
    """The configured onion address, or None (also when it is malformed)."""
    onion = get_setting("ONION_HOST")
    return onion if isinstance(onion, str) and ONION.fullmatch(onion) else None


def other_hosts():
    """The well-formed mirror hosts and the onion address, in lower case."""
    mirrors = get_setting("MIRROR_HOSTS")
    listed = [
        entry
        for entry in (mirrors if isinstance(mirrors, list | tuple) else ())
        if isinstance(entry, str) and HOST.fullmatch(entry)
    ]
    onion = onion_host()
    return [*listed, onion] if onion else listed


def request_host(request):
    """The host (with any port) ``request`` was made to, if it is one of the
    listed mirrors or the onion address; else None."""
    if request is None:
        return None
    try:
        host = request.get_host().lower()
    except DisallowedHost:
        return None
    domain, port = split_domain_port(host)
    for entry in other_hosts():
        entry_domain, entry_port = split_domain_port(entry)
        if (entry_domain, entry_port) == (domain, port):
            return host
    return None


def is_onion_request(request):
    """Whether ``request`` came through the onion address."""
    host = request_host(request)
    return host is not None and split_domain_port(host)[0] == onion_host()


def public_base_url(request, site=None):
    """The public base URL for this request, without a trailing slash: the
    scheme and host the reader used when it is a listed mirror or the onion
    address, else the root URL of ``site`` (default: the request's site).
    An empty string when there is neither. A page rendered for the static
    mirror has the mirror's public URL."""
    exported = mirror_public_url(request)
    if exported is not None:
        return exported
    host = request_host(request)
    if host is not None:
        return f"{request.scheme}://{host}"
    if site is None and request is not None:
        site = Site.find_for_request(request)
    return site.root_url if site is not None else ""


def main_url(url, request):
    """``url`` (a path, or an absolute URL) made absolute on the main host
    of the request's site, whatever host the request came through: for
    canonical and ``hreflang`` links. Without a site, on the request's host."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return request.build_absolute_uri(url) if request is not None else url
    return urljoin(site.root_url + "/", url)


def public_url(url, request):
    """``url`` (an absolute URL on one of the site's own hosts, or a path) as
    the reader of ``request`` should share it: on the mirror or onion address
    they came through; unchanged on the main host, and for a URL elsewhere
    (e.g. media on a CDN). On a page rendered for the static mirror: on the
    mirror's public URL."""
    if not url or (
        request_host(request) is None and mirror_public_url(request) is None
    ):
        return url
    parts = urlsplit(url)
    if parts.netloc and not _is_own_host(parts.netloc):
        return url
    base = urlsplit(public_base_url(request))
    return urlunsplit((base.scheme, base.netloc, *parts[2:]))


def _is_own_host(netloc):
    """Whether ``netloc`` is a host of one of the Wagtail sites (those
    ``get_full_url`` builds URLs on) or a listed mirror."""
    domain = split_domain_port(netloc.lower())[0]
    if domain in {split_domain_port(entry)[0] for entry in other_hosts()}:
        return True
    # Cached by Wagtail: no query while serving a page.
    roots = Site.get_site_root_paths()
    return domain in {urlsplit(root.root_url).hostname for root in roots}


def add_onion_location(request, response):
    """Send ``Onion-Location`` (the same path and query on the onion
    address) on a response to a clearnet host, when an onion address is
    set: Tor Browser then offers the onion service. Never on the onion
    address itself, nor on a response that is not a page (an error, a
    redirect)."""
    onion = onion_host()
    if onion is None or is_onion_request(request) or response.status_code != 200:
        return response
    response.headers["Onion-Location"] = f"http://{onion}{request.get_full_path()}"
    return response
