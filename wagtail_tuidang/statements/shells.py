"""The page that answers a stored statement, rendered once and filled in for
each statement.

Every such answer is the same page but for its receipt code and the CSRF
token of its forms: the site's frame, the wall's navigation and the same
words in the same language. :func:`render_answer` renders that page with
markers where the code and the token go, keeps it in this process's memory
(per wall, host, address, language and kind of answer, for at most
:data:`TIMEOUT` seconds), and answers each statement with the kept page,
its own code and token put in. On a busy wall this takes the rendering of
the site's frame and of the receipt's templates off every submission.

A rendered page is kept only when nothing else in it can be particular to
one visitor:

- the request carries no cookie but the CSRF cookie and the language cookie:
  no session, so nobody signed in and no messages waiting. The read pages are
  cached whole by a CDN under the same rule (see the cache how-to): a site's
  frame shows the same to every visitor without a session, for one host,
  address (path and query string) and language, which are part of the key;
- the render used no CSP nonce of the request;
- every marker is found in the rendered page: a site's own receipt template
  that does not show the code is rendered for each answer.

Otherwise the page is rendered for that one answer. A kept page is only ever
rendered from markers: no receipt code or token is in it, so none can reach
another visitor. It is kept for :data:`TIMEOUT` seconds at most, and under a
new key as soon as the wall is published again: an edit of the site's frame
(its settings or menus) shows on receipts within that time.
"""

import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ..conf import get_setting
from ..headers import used_csp_nonce
from .views import render_route

#: Seconds a rendered page is kept.
TIMEOUT = 60
#: Pages kept per process, the least recently used dropped first.
MAX_KEPT = 64
#: The context variable Django's ``{% csrf_token %}`` reads.
CSRF_NAME = "csrf_token"

_MARKER = re.compile("\ue000td:([a-z_]+):([0-9]+)\ue001")
_kept = OrderedDict()
_lock = threading.Lock()


def _marker(name, index=0):
    # Characters of Unicode's private use area: no escaping changes them,
    # and no text of a page holds them.
    return mark_safe(f"\ue000td:{name}:{index}\ue001")  # noqa: S308 (markers only)


def render_answer(request, page, route, context, slots):
    """The response to a statement: ``route``'s template rendered for
    ``page`` with ``context`` and ``slots``, as
    :func:`~wagtail_tuidang.statements.views.render_route` renders it.

    ``slots`` holds the context values particular to this answer (a string,
    or a list of strings); ``context`` the values every answer of this kind
    shares (they are part of the key)."""
    if not _shareable(request):
        return render_route(request, page, route, {**context, **slots})
    key = _key(request, page, route, context, slots)
    now = time.monotonic()
    with _lock:
        found = _kept.get(key)
        if found is not None and found[0] > now:
            _kept.move_to_end(key)
        else:
            found = None
    if found is None:
        rendered = _render(request, page, route, context, slots)
        if rendered is None:
            return render_route(request, page, route, {**context, **slots})
        shell, status, headers = rendered
        found = (now + TIMEOUT, shell, status, headers)
        # A page with this request's nonce answers this request only.
        if not _used_nonce(request, shell):
            with _lock:
                _kept[key] = found
                while len(_kept) > MAX_KEPT:
                    _kept.popitem(last=False)
    _expires, shell, status, headers = found
    return _fill(request, shell, status, headers, slots)


def forget_all():
    """Drop every kept page (for tests)."""
    with _lock:
        _kept.clear()


def _shareable(request):
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return request.method == "POST" and set(request.COOKIES) <= allowed


def _key(request, page, route, context, slots):
    site = getattr(request, "_wagtail_site", None)
    return (
        get_setting("BASE_TEMPLATE"),
        page.pk,
        page.last_published_at,
        getattr(site, "pk", None),
        request.get_host(),
        request.get_full_path(),
        translation.get_language(),
        route,
        tuple(sorted((name, repr(value)) for name, value in context.items())),
        tuple(sorted(slots)),
    )


def _render(request, page, route, context, slots):
    """The page rendered with markers: (shell, status, headers), or None if
    some marker is not found in it (a template showed a value changed, or
    not at all)."""
    marked = {CSRF_NAME: _marker(CSRF_NAME)}
    for name, value in slots.items():
        if isinstance(value, str):
            marked[name] = _marker(name)
        else:
            marked[name] = [_marker(name, index) for index in range(len(value))]
    response = render_route(request, page, route, {**context, **marked})
    response.render()
    shell = response.content.decode(response.charset)
    # Every marker of the slots must be there (the CSRF token's need not).
    wanted = [marker for name in slots for marker in _as_list(marked[name])]
    if not all(marker in shell for marker in wanted):
        return None
    headers = {
        name: value
        for name, value in response.headers.items()
        if name in ("Content-Type", "X-Robots-Tag")
    }
    return shell, response.status_code, headers


def _used_nonce(request, shell):
    nonce = used_csp_nonce(request)
    return nonce is not None and str(nonce) in shell


def _as_list(value):
    return [value] if isinstance(value, str) else value


def _fill(request, shell, status, headers, slots):
    values = {}
    for name, value in slots.items():
        for index, part in enumerate(_as_list(value)):
            values[(name, str(index))] = str(conditional_escape(part))

    if _marker(CSRF_NAME) in shell:
        # One token for every form of the page, as a render gets from
        # Django's context processor.
        values[(CSRF_NAME, "0")] = get_token(request)

    def put(match):
        return values[match.groups()]

    response = HttpResponse(_MARKER.sub(put, shell), status=status)
    for name, value in headers.items():
        response[name] = value
    return response
