"""The ``receipt/keep/`` route: ways to keep a receipt code, offered on the
page that shows it once.

The page's forms send the code back in a POST body, and this view answers
with the code as a small text file to download, a receipt card to print, or
the check of a code typed back. Nothing is looked up: the view only echoes a
well-formed code to the browser that holds it, so it tells nobody anything
they did not know, and it is not rate limited. The code never travels in a
URL (none of these forms uses GET), every answer is uncacheable, and Django's
error reports leave the code out (``sensitive_post_parameters``).
"""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from .. import receipts
from . import render_route
from .private import private_form

#: Longer input cannot be a code; not worth normalising.
MAX_INPUT = 100
#: The downloaded file's name: never the code itself (it would sit in the
#: browser's list of downloads).
FILE_NAME = "receipt-code.txt"


def keep(request, page):
    """POST ``code`` and ``action`` ("download", "print" or "confirm", with
    ``typed``); GET goes to the receipt page."""
    return _keep(request, page)


@private_form
@sensitive_post_parameters("code", "typed")
def _keep(request, page):
    if request.method != "POST":
        return redirect(receipt_url(page, request))
    code = _code(request.POST.get("code", ""))
    if code is None:
        context = {"keep_error": True}
        return render_route(request, page, "submit_done", context, status=400)
    action = request.POST.get("action")
    if action == "download":
        return download(request, page, code)
    if action == "print":
        context = code_context(code)
        context["receipt_url"] = request.build_absolute_uri(receipt_url(page))
        return render_route(request, page, "receipt_card", context)
    return confirm(request, page, code, request.POST.get("typed", ""))


def _code(value):
    canonical = receipts.normalise(value) if len(value) <= MAX_INPUT else None
    return receipts.format_code(canonical) if canonical else None


def code_context(code):
    """What a template showing ``code`` needs."""
    return {"receipt_code": code, "receipt_groups": code.split("-")}


def download(request, page, code):
    """The code as a small UTF-8 text file, downloaded, never displayed."""
    lines = [
        _("Receipt code: %(code)s") % {"code": code},
        _("Statement sent to: %(wall)s") % {"wall": page.title},
        _("Check or withdraw your statement at: %(url)s")
        % {"url": request.build_absolute_uri(receipt_url(page))},
        _(
            "Anyone who has this code can do the same: keep it where only you "
            "can read it."
        ),
    ]
    response = HttpResponse(
        "\r\n".join(lines) + "\r\n", content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def confirm(request, page, code, typed):
    """The receipt page again, saying whether ``typed`` is the code; after a
    mistake, the code stays on screen with the groups that differ marked."""
    typed_code = _code(typed) if typed.strip() else None
    context = code_context(code)
    context["confirmed"] = typed_code == code
    context["typed_back"] = True
    if not context["confirmed"]:
        typed_groups = (typed_code or "").split("-")
        context["wrong_groups"] = [
            index
            for index, group in enumerate(context["receipt_groups"])
            if index >= len(typed_groups) or typed_groups[index] != group
        ]
    return render_route(request, page, "submit_done", context)


def receipt_url(page, request=None):
    """The URL of ``page``'s ``receipt/``."""
    # Imported here: wall_tags reads the page types, whose module (mixins)
    # imports this view.
    from ..wall_tags import route_url

    return route_url(page, "receipt", request=request)
