"""A database outage answered with a real 503, in the visitor's language.

Wagtail looks the site up in the database before any view of the plugin runs
(``Site.find_for_request``), so with PostgreSQL down every request would end
in Django's bare English "Server Error (500)", and a person who had just
sent a statement would not know whether it was stored. With
:class:`DatabaseUnavailableMiddleware` first in ``MIDDLEWARE``, an
``OperationalError`` or ``InterfaceError`` raised anywhere in the request
(a view, Wagtail's routing, another middleware) becomes a 503 with
``Retry-After`` that says nothing was stored and to send the form again in a
few minutes. For a POST the page holds a form, posting back to the same URL,
filled with what the person typed.

Rendering uses neither the database nor the cache: no context processors, no
template tag that reads either. Any other exception is left to Django.
"""

import logging
import sys

from django import forms
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.template.loader import select_template
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from .statements import routes
from .statements.forms import StatementForm
from .statements.views.submit import NOT_STORED

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
#: Templates tried in turn; a site's own ``503.html`` comes first.
TEMPLATE_NAMES = ("503.html", "wagtail_tuidang/503.html")
UNAVAILABLE = _(
    "This site cannot reach its database just now. Please try again in a few minutes."
)
#: Marks a request whose exception, raised outside a view, was a database
#: error (Django turns those into a 500 before this middleware sees them).
_MARK = "_wagtail_tuidang_database_unavailable"


@receiver(got_request_exception, dispatch_uid="wagtail_tuidang_database_down")
def _mark_database_error(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, _MARK, type(error).__name__)


class DatabaseUnavailableMiddleware:
    """Put it first in ``MIDDLEWARE``: a database error anywhere in a
    request becomes :meth:`unavailable`'s 503."""

    #: Seconds a client is told to wait (``Retry-After``).
    retry_after = 120

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, None):
            return self.unavailable(request, getattr(request, _MARK))
        return response

    def process_exception(self, request, exception):
        """A database error raised by a view (Wagtail's page serving too)."""
        if isinstance(exception, DATABASE_ERRORS):
            return self.unavailable(request, type(exception).__name__)
        return None

    def unavailable(self, request, error_name):
        """The 503 response; override to change its content."""
        # The class only: a database message may quote submitted values.
        logger.error("Database unavailable: %s", error_name)
        with translation.override(visitor_language(request)):
            response = HttpResponse(
                self.render(request), status=503, content_type="text/html"
            )
        response["Retry-After"] = str(self.retry_after)
        # Never stored by a CDN or a browser: it may hold what was typed.
        add_never_cache_headers(response)
        return response

    def render(self, request):
        """The page, from the first of :data:`TEMPLATE_NAMES` that renders.
        The context has ``message``, ``is_post``, ``action`` (this URL),
        ``fields`` (see :func:`posted_fields`), ``csrf_token_value`` and
        ``site_name`` (``WAGTAIL_SITE_NAME``)."""
        posted = posted_data(request)
        context = {
            "message": NOT_STORED if posted is not None else UNAVAILABLE,
            "is_post": posted is not None,
            "action": request.get_full_path(),
            "fields": posted_fields(posted) if posted is not None else [],
            "csrf_token_value": csrf_token_value(posted),
            "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
        }
        for name in TEMPLATE_NAMES:
            try:
                return select_template([name]).render(context)
            except Exception:  # noqa: S112 - a broken site template: try ours
                continue
        return str(context["message"])


def visitor_language(request):
    """The language LocaleMiddleware would pick, from the URL prefix, the
    language cookie and Accept-Language: none of them needs the database."""
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)


def posted_data(request):
    """The POSTed form data, or None for another method or a body that
    cannot be read as a form."""
    if request.method != "POST":
        return None
    try:
        return request.POST
    except Exception:  # an unreadable or oversized body: no form to restore
        return None


def csrf_token_value(posted):
    """The CSRF token as posted (sending it again passes the CSRF check as
    the first try did), if it looks like one."""
    token = (posted or {}).get("csrfmiddlewaretoken", "")
    return token if len(token) == CSRF_TOKEN_LENGTH and token.isalnum() else ""


def posted_fields(posted):
    """What the person sent, as ``{"name", "label", "kind", "values"}``
    dicts: ``kind`` is ``textarea`` (the statement), ``text`` (short typed
    fields) or ``hidden`` (choices and tokens, kept as posted). A field
    whose widget never shows a value back (contact details, the honeypot)
    is left out, as the form itself would leave it empty."""
    fields = []
    for name in posted:
        if name == "csrfmiddlewaretoken":
            continue
        field = StatementForm.base_fields.get(name)
        widget = field.widget if field else forms.HiddenInput()
        if widget.format_value("x") is None:
            continue
        fields.append(
            {
                "name": name,
                "label": field.label if field else name,
                "kind": _kind(widget),
                "values": posted.getlist(name),
            }
        )
    return fields


def _kind(widget):
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if type(widget) in (forms.TextInput, forms.NumberInput):
        return "text"
    return "hidden"


class SubmitRouteMiddleware:
    """Routes a wall's listing, ``submit/`` and permalinks without Wagtail's
    walk down the page tree, once a process has seen where they lead (see
    :mod:`wagtail_tuidang.statements.routes`). Optional: put it after
    Django's ``LocaleMiddleware``; without it, Wagtail routes every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not routes.wants(request):
            return self.get_response(request)
        remembered = routes.route(request)
        response = self.get_response(request)
        if not remembered and response.status_code < 500:
            routes.remember(request)
        return response
