"""The ``submit/`` route: the public statement form and its receipt.

A valid statement is stored through ``transitions.submit`` and its receipt code
is shown in the response to that same POST, never in a redirect URL (a code in
a URL ends up in server logs and browser history). The code is rendered only
after the transaction has committed, so an acknowledged statement is stored.
"""

import functools
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_protect

from ...conf import get_setting
from .. import antispam, transitions
from ..forms import StatementForm
from . import render_route

logger = logging.getLogger(__name__)

ALLOWED_METHODS = ("GET", "HEAD", "POST")
NOT_STORED = _(
    "Your statement could not be saved just now, and nothing was stored. Please "
    "send the form again in a few minutes."
)

MISENCODED = _(
    "Your browser sent the form in a text encoding we cannot read, so nothing "
    "was stored. Please fill it in again, or try another browser."
)


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


def get_form_class(page):
    """The form class of ``page``: its ``statement_form_class`` attribute if it
    has one, so a site can add fields without replacing the view."""
    form_class = getattr(page, "statement_form_class", StatementForm)
    if isinstance(form_class, str):
        form_class = import_string(form_class)
    return form_class


def submit(page, request):
    """GET shows the form; POST stores a valid statement as pending and shows
    its receipt code, or shows the form again with its errors."""
    return _submit(request, page)


@private_form
def _submit(request, page):
    if not page.submissions_open:
        status = 403 if request.method == "POST" else 200
        return render_route(page, request, "submit", {"closed": True}, status=status)
    if request.method != "POST":
        return _show_form(page, request, get_form_class(page)(page=page))
    if _misencoded(request):
        form = get_form_class(page)(page=page)
        return _show_form(page, request, form, status=400, notice=MISENCODED)
    form = get_form_class(page)(page=page, data=request.POST)
    if not form.is_valid():
        return _show_form(page, request, form)
    return _store(page, request, form)


def _misencoded(request):
    """True if a urlencoded body is not UTF-8: Django would read all of it as
    Latin-1 and the statement would be stored as mojibake without a word."""
    if request.content_type != "application/x-www-form-urlencoded":
        return False
    try:
        request.body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _show_form(page, request, form, status=200, **context):
    context["form"] = form
    return render_route(page, request, "submit", context, status=status)


def _store(page, request, form):
    limited = antispam.over_limit(
        request, "submit", get_setting("RATELIMIT_SUBMISSIONS")
    )
    statement = form.build_statement(
        language=(getattr(request, "LANGUAGE_CODE", "") or get_language() or "")[:12],
        flag_rate_limited=bool(limited),
        flag_rate_limit_unknown=limited is None,
    )
    try:
        code = transitions.submit(statement, contact=form.cleaned_data["contact"])
    except DatabaseError as error:
        # The class name only: a database message may quote submitted values.
        logger.error("A statement could not be stored: %s", type(error).__name__)
        form.add_error(None, NOT_STORED)
        return _show_form(page, request, form, status=503)
    context = {"receipt_code": code, "receipt_groups": code.split("-")}
    return render_route(page, request, "submit_done", context)
