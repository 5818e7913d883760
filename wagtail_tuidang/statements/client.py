"""Who is asking, as an unlinkable key: the only form in which a client's
address is ever used.

The address is read from the request, fed through an HMAC and forgotten. It is
never stored, logged or put into a cache key. The HMAC key changes with every
rate-limit window, so keys from two windows cannot be linked to each other,
and without ``SECRET_KEY`` a key cannot be tested against guessed addresses.
"""

import ipaddress
import time

from django.utils.crypto import salted_hmac

from ..conf import get_setting

SALT = "wagtail_tuidang.statements.client"


def client_ip(request):
    """The client's address: ``REMOTE_ADDR``, or, for a site behind proxies,
    the header named by ``WAGTAIL_TUIDANG_CLIENT_IP_HEADER``.

    A forwarding header is a list that each proxy appends to, and anything to
    the left of the proxies we run is whatever the client chose to send. So the
    value taken is the one added by the outermost trusted proxy: the last
    entry when one proxy is trusted (``WAGTAIL_TUIDANG_TRUSTED_PROXIES``, 1 by
    default), the second to last for two, and so on.
    """
    header = get_setting("CLIENT_IP_HEADER")
    if header:
        entries = [e.strip() for e in request.META.get(header, "").split(",")]
        entries = [entry for entry in entries if entry]
        if entries:
            proxies = get_setting("TRUSTED_PROXIES")
            return entries[-min(proxies, len(entries))]
    return request.META.get("REMOTE_ADDR", "")


def current_window(now=None):
    """The number of the rate-limit window ``now`` falls in."""
    now = time.time() if now is None else now
    return int(now // get_setting("RATELIMIT_WINDOW"))


def seconds_left_in_window(now=None):
    """Seconds until the current window ends and every counter starts afresh."""
    now = time.time() if now is None else now
    window = get_setting("RATELIMIT_WINDOW")
    return max(1, int(window - now % window))


def client_key(request, purpose, now=None):
    """A hex key for this client, ``purpose`` ("submit", "receipt"…) and the
    current window: equal for two requests from one address in one window,
    unrelated otherwise."""
    return _keyed(purpose, client_ip(request), now)


def _keyed(purpose, value, now=None):
    window = current_window(now)
    # The window number is part of the derived HMAC key: a rotating secret.
    digest = salted_hmac(
        f"{SALT}.{window}", f"{purpose}\x1f{value}", algorithm="sha256"
    )
    return digest.hexdigest()


#: Networks one person or one attacker may hold many addresses of, by scope:
#: ``(IPv4 prefix length, IPv6 prefix length)``. An IPv6 /64 is one
#: subscriber's network (a phone, a household, a server) and is limited as
#: one address; an IPv4 /24 and an IPv6 /48 (a site, as providers hand them
#: out) are shared more widely.
PREFIXES = {"v6net": (None, 64), "v4net": (24, None), "v6site": (None, 48)}


def network_keys(request, purpose, now=None):
    """``{scope: key}`` for the client's address ("address") and the
    networks around it (see :data:`PREFIXES`), each a keyed hash like
    :func:`client_key`. An address that cannot be parsed has its own key
    only."""
    address = client_ip(request)
    keys = {"address": _keyed(purpose, address, now)}
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return keys
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for scope, (v4, v6) in PREFIXES.items():
        length = v4 if ip.version == 4 else v6
        if length is not None:
            network = ipaddress.ip_network(f"{ip}/{length}", strict=False)
            keys[scope] = _keyed(f"{purpose}.{scope}", network, now)
    return keys
