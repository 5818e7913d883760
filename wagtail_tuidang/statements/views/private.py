"""``private_form``: the response wrapper of every public page with a form."""

import functools

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_protect

ALLOWED_METHODS = ("GET", "HEAD", "POST")


def _session_csrf_cookie(response):
    """Turn the CSRF cookie set on this response into a session cookie: a
    year-long cookie would tell anyone inspecting the browser that it was used
    to visit the form."""
    morsel = response.cookies.get(settings.CSRF_COOKIE_NAME)
    if morsel is not None:
        morsel["max-age"] = ""
        morsel["expires"] = ""


def private_form(view):
    """Wrap ``view(request, page)`` for a page with a form: CSRF-protected
    (also where a site lacks the middleware), its CSRF cookie lasting only for
    the browser session, and the response never cached anywhere."""
    protected = csrf_protect(view)

    @functools.wraps(view)
    def wrapper(request, page):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        response = protected(request, page)
        add_never_cache_headers(response)
        if getattr(response, "is_rendered", True):
            _session_csrf_cookie(response)
        else:
            # Runs after csrf_protect's own callback, which sets the cookie.
            response.add_post_render_callback(_session_csrf_cookie)
        return response

    return wrapper
