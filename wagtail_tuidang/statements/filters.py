"""The filters of the public statement listing: organisation, region, day, search.

A filter with an invalid value is dropped, and the form's error tells the
reader why; the listing itself never fails on a query parameter.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import search
from .choices import Organisation, Region

#: Longest search accepted: longer ones are refused with a message, not cut.
MAX_QUERY_LENGTH = 100
FILTER_FIELDS = ("org", "region", "day", "q")


def _any(label):
    return [("", label)]


class StatementFilterForm(forms.Form):
    """GET form filtering published statements. Bound only when the request
    carries one of its fields, so a plain visit shows no errors."""

    org = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        choices=_any(_("Any organisation")) + Organisation.choices,
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        # "Not given" is stored as "", which here already means "any".
        choices=_any(_("Any region"))
        + [choice for choice in Region.choices if choice[0]],
    )
    day = forms.DateField(
        label=_("Day"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a day as YYYY-MM-DD.")},
    )
    q = forms.CharField(
        label=_("Search names and statements"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    @classmethod
    def from_request(cls, request):
        """The form for ``request``: bound to its query string if filtered."""
        if any(name in request.GET for name in FILTER_FIELDS):
            return cls(request.GET)
        return cls()

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day is None:
            return None
        try:
            self.day_bounds(day)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError(
                self.fields["day"].error_messages["invalid"], code="invalid"
            ) from error
        return day

    @staticmethod
    def day_bounds(day):
        """The first and last-plus-one instants of ``day`` in the site's time
        zone, so the day filter is a range the published_at index serves.
        Raises OverflowError at the ends of the calendar."""
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        end = start + datetime.timedelta(days=1)
        # Databases store UTC: convert here, where an overflow is a form error.
        return start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)

    @cached_property
    def filters(self):
        """The valid filter values, by field name (empty ones left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in ("", None)
        }

    def apply(self, queryset, search=True):
        """``queryset`` narrowed by every valid filter; by all but the
        search if ``search`` is false (the wall reads a search page with
        :func:`.search.first_matches`)."""
        filters = self.filters
        if "org" in filters:
            queryset = queryset.filter(
                **{Organisation(filters["org"]).field_name: True}
            )
        if "region" in filters:
            queryset = queryset.filter(region=filters["region"])
        if "day" in filters:
            start, end = self.day_bounds(filters["day"])
            queryset = queryset.filter(published_at__gte=start, published_at__lt=end)
        if search and "q" in filters:
            queryset = queryset.filter(search_condition(filters["q"]))
        return queryset

    def query_params(self):
        """The valid filters as query-string values, for pagination links."""
        return {
            name: value.isoformat() if isinstance(value, datetime.date) else value
            for name, value in self.filters.items()
        }


def search_condition(query):
    """Match ``query`` in the shown name or the text, across Traditional and
    Simplified characters, fullwidth and halfwidth forms, and case (see
    :mod:`.search`).

    A real name not yet cleared for publication is never searched: finding a
    statement by a name it does not show would reveal who wrote it. Its alias,
    which is shown instead, is. On PostgreSQL, a trigram index on the folded
    search text of published statements serves it (migration 0013).
    """
    return search.public_match(query)
