"""The ``verify/`` route: anyone checks a registration number, as printed on
a certificate, and sees the published statement it belongs to.

It says no more than the permalinks do: a number of a statement that is not
(or no longer) published, or of another wall, is "not found" like a number
nobody was given. A wrong check digit is told apart without a query.
Look-ups are rate limited per client with the receipt look-up's limiter
(its own counter, the same limit), so numbers cannot be tried at speed; the
page carries a form (never framed, never cached) and is ``noindex``.

A number arrives in a POST from the form, or in ``?number=`` from the
address a certificate's QR code holds.
"""

from django.utils.translation import gettext

from ...conf import get_setting
from .. import antispam, client
from ..forms import VerificationForm
from . import render_route
from .listing import published_statements
from .private import private_form
from .receipt import wait_in_words

FIELD = "number"


def verify(request, page):
    """GET shows the form (or looks up ``?number=``); POST looks the number up."""
    return _verify(request, page)


@private_form
def _verify(request, page):
    data = request.POST if request.method == "POST" else request.GET
    if FIELD not in data:
        return _render(request, page, VerificationForm())
    if antispam.over_limit(request, "verify", get_setting("RATELIMIT_RECEIPTS")):
        return _too_many(request, page)
    form = VerificationForm(data={FIELD: data[FIELD]})
    statement = form.find(published_statements(page)) if form.is_valid() else None
    return _render(request, page, form, statement=statement)


def _too_many(request, page):
    """429, saying when look-ups may resume."""
    seconds = client.seconds_left_in_window()
    error = gettext(
        "Too many registration numbers were checked from your connection. "
        "Please try again in %(wait)s."
    ) % {"wait": wait_in_words(seconds)}
    response = _render(request, page, VerificationForm(), status=429, error=error)
    response["Retry-After"] = str(seconds)
    return response


def _render(request, page, form, status=200, **context):
    return render_route(request, page, "verify", {"form": form, **context}, status)
