"""The archive of days (``days/``): every day with published statements,
newest first, each linked to the wall's ``?day=`` view with its count.

Days are read from the tallies by key (``?before=YYYY-MM-DD``), never by
``OFFSET`` and never with ``COUNT(*)`` (see :mod:`..days`).
"""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import days as day_archive
from . import render_route

BROKEN_BEFORE = _(
    "This page link is broken or out of date, so the newest days are shown."
)


class DaysForm(forms.Form):
    """``?before=``: show the days before this one."""

    before = forms.DateField(required=False, input_formats=["%Y-%m-%d"])


def days(request, page):
    """The days with published statements, newest first, a page at a time.

    A ``?before=`` that is not a date (``YYYY-MM-DD``, years 1 to 9999) is
    ignored with a notice, and the newest days are shown; the page is never
    an error. A date far in the future shows the newest days, one far in the
    past none.
    """
    form = DaysForm(request.GET)
    notices = []
    before = None
    if form.is_valid():
        before = form.cleaned_data["before"]
    else:
        notices.append(BROKEN_BEFORE)
    archive = day_archive.days_page(page, page.days_per_page, before)
    context = {
        "notices": notices,
        "days": archive.days,
        "months": archive.months,
        "older_url": _before_url(archive.older_before),
        # The first page is the route's own URL, linked by the template.
        "is_first_page": before is None and not notices,
    }
    return render_route(request, page, "days", context)


def _before_url(day):
    if day is None:
        return None
    return "?" + urlencode({"before": day.isoformat()})
