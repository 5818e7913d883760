"""The ``receipt/`` route: a submitter checks, or withdraws, a statement with
the receipt code shown when it was sent.

Codes travel only in POST bodies, every response is uncacheable, and look-ups
are rate limited per client (a code has 100 bits, but nobody should be able to
try codes at speed). A code of another page answers exactly like an unknown
one.
"""

import math

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ...conf import get_setting
from .. import antispam, client, transitions
from ..certificates import render_certificate
from ..choices import Status
from ..forms import ReceiptForm
from . import render_route
from .private import private_form

#: What the holder of a code is told for each status: (title, explanation).
STATUS_MESSAGES = {
    Status.PENDING: (
        _("Waiting for review"),
        _(
            "Moderators review every statement before it is published. Please "
            "check again later."
        ),
    ),
    Status.PUBLISHED: (_("Published"), _("Your statement is published.")),
    Status.REJECTED: (
        _("Needs fixing"),
        _("Moderators could not publish this statement as it is."),
    ),
    Status.WITHDRAWN: (
        _("Withdrawn"),
        _("This statement was withdrawn and is no longer shown."),
    ),
    Status.TAKEN_DOWN: (
        _("Taken down"),
        _(
            "Moderators took this statement down after it was published. It is "
            "no longer shown or counted."
        ),
    ),
    # Spam reads as "not published": telling a spammer which submissions were
    # caught as spam would teach them what to change, while a person wrongly
    # caught learns all they can act on, and may send a new statement.
    Status.SPAM: (_("Not published"), _("This statement will not be published.")),
}
WITHDRAWABLE = transitions.TRANSITIONS["withdraw"][0]
CONFIRM_WITHDRAWAL = _("Tick the box to confirm that you want to withdraw it.")


def receipt(request, page):
    """GET shows the code form; POST shows the status of the statement with
    that code, withdraws it when asked and confirmed, or shows the
    certificate of a published one when asked."""
    return _receipt(request, page)


@private_form
def _receipt(request, page):
    if request.method != "POST":
        return _render(request, page, ReceiptForm())
    if antispam.over_limit(request, "receipt", get_setting("RATELIMIT_RECEIPTS")):
        return _too_many(request, page)
    form = ReceiptForm(data=request.POST)
    statement = form.find(page) if form.is_valid() else None
    if statement is None:
        return _render(request, page, form)
    if form.wants_withdrawal:
        return _withdraw(request, page, form, statement)
    if form.wants_certificate and statement.status == Status.PUBLISHED:
        back = page.get_url(request) + page.reverse_subpage("receipt")
        return render_certificate(request, page, statement, back_url=back)
    return _render(request, page, form, statement=statement)


def _too_many(request, page):
    """429, saying when the rate-limit window ends and look-ups may resume."""
    seconds = client.seconds_left_in_window()
    error = gettext(
        "Too many receipt codes were checked from your connection. Please try "
        "again in %(wait)s."
    ) % {"wait": wait_in_words(seconds)}
    response = _render(request, page, ReceiptForm(), status=429, error=error)
    response["Retry-After"] = str(seconds)
    return response


def wait_in_words(seconds):
    """``seconds`` rounded up to whole minutes, or to hours past two hours."""
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {
            "count": minutes
        }
    hours = math.ceil(minutes / 60)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def _withdraw(request, page, form, statement):
    if not form.cleaned_data["confirm"]:
        form.add_error("confirm", CONFIRM_WITHDRAWAL)
    elif statement.status in WITHDRAWABLE:
        try:
            transitions.withdraw(statement)
        except transitions.TransitionError:
            # Decided by a moderator a moment ago: show what it is now.
            statement.refresh_from_db(fields=["status", "public_reason"])
        else:
            return _render(request, page, form, statement=statement, withdrawn=True)
    return _render(request, page, form, statement=statement)


def _render(request, page, form, status=200, **context):
    statement = context.get("statement")
    if statement is not None:
        context["status_title"], context["status_text"] = STATUS_MESSAGES[
            statement.status
        ]
        context["can_withdraw"] = statement.status in WITHDRAWABLE
    return render_route(request, page, "receipt", {"form": form, **context}, status)
