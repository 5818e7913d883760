"""Filters of the moderation queue (a django-filter FilterSet)."""

import operator
from functools import reduce

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from ..statements import registration
from ..statements import search as statement_search
from ..statements.choices import Organisation, Region, Source, Status
from ..statements.index_pages import statement_index_pages
from ..statements.models import FLAG_FIELDS, Statement
from ..statements.text import fingerprint, fold_name
from . import search, tabs
from .counts import FLAGGED, REAL_NAME_WAITING

#: Fields the queue's search looks in (Statement is never in Wagtail's
#: search index, to keep names and texts out of it): see :func:`queue_match`.
SEARCH_FIELDS = ("name", "alias", "text")
#: The status the queue shows when none is chosen: what needs a decision.
DEFAULT_STATUS = Status.PENDING
NO_REGION = "none"

REAL_NAME_CHOICES = [
    ("waiting", _("Waiting for confirmation")),
    ("confirmed", _("Confirmed")),
    ("requested", _("Requested (confirmed or not)")),
    ("none", _("No real name to publish")),
]
REAL_NAME_REQUESTED = Q(is_real_name=True, consent_real_name=True)
REAL_NAME_LOOKUPS = {
    "waiting": REAL_NAME_WAITING,
    "confirmed": REAL_NAME_REQUESTED & Q(real_name_confirmed=True),
    "requested": REAL_NAME_REQUESTED,
    "none": ~REAL_NAME_REQUESTED,
}


def _radio_choice_filter(label, choices, **kwargs):
    return django_filters.ChoiceFilter(
        label=label,
        choices=choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
        **kwargs,
    )


def _flag_filter(field_name):
    return django_filters.BooleanFilter(
        field_name=field_name,
        label=Statement._meta.get_field(field_name).verbose_name,
        widget=BooleanRadioSelect,
    )


#: Filters that choose by flag: with one of them, no tab applies by default.
FLAG_FILTERS = ("flagged", *FLAG_FIELDS)


def queue_data(query, any_status=False):
    """The queue's filters as chosen in ``query`` (a QueryDict), with its
    defaults: pending statements (unless ``any_status``: a search for a
    registration number, which belongs to a published statement), and among
    them the unflagged ones (the flagged have their tabs) unless a flag is
    filtered on."""
    data = query.copy()
    if not any_status:
        data.setdefault("status", DEFAULT_STATUS)
    if not data.get(tabs.TAB_PARAM):
        by_flag = any(query.get(name) for name in FLAG_FILTERS)
        pending = data.get("status") == DEFAULT_STATUS
        tab = tabs.UNFLAGGED_TAB if pending and not by_flag else tabs.ALL_TAB
        data[tabs.TAB_PARAM] = tab
    return data


class StatementFilterSet(WagtailFilterSet):
    """Status (pending unless chosen), the queue's tab, source, anti-spam
    flags, real names, index page, region, organisation and submission
    dates."""

    status = _radio_choice_filter(_("Status"), Status.choices, initial=DEFAULT_STATUS)
    # Chosen with the tabs above the listing; kept when other filters change.
    tab = django_filters.ChoiceFilter(
        label=_("Tab"),
        choices=tabs.tab_choices,
        method="filter_tab",
        widget=forms.HiddenInput,
    )
    source = _radio_choice_filter(_("Source"), Source.choices)
    flagged = django_filters.BooleanFilter(
        label=_("Any anti-spam flag"),
        method="filter_flagged",
        widget=BooleanRadioSelect,
    )
    flag_duplicate = _flag_filter("flag_duplicate")
    flag_rate_limited = _flag_filter("flag_rate_limited")
    flag_rate_limit_unknown = _flag_filter("flag_rate_limit_unknown")
    flag_honeypot = _flag_filter("flag_honeypot")
    flag_too_fast = _flag_filter("flag_too_fast")
    flag_no_proof = _flag_filter("flag_no_proof")
    flag_replayed = _flag_filter("flag_replayed")
    flag_flood = _flag_filter("flag_flood")
    real_name = _radio_choice_filter(
        _("Real name"), REAL_NAME_CHOICES, method="filter_real_name"
    )
    index_page = django_filters.ModelChoiceFilter(
        label=_("Statement index page"),
        queryset=statement_index_pages,
        empty_label=_("All"),
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        choices=[(region.value or NO_REGION, region.label) for region in Region],
        empty_label=_("All"),
        method="filter_region",
    )
    organisation = _radio_choice_filter(
        _("Quits"), Organisation.choices, method="filter_organisation"
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=pgettext_lazy("date", "Submitted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Statement
        fields = []

    def filter_tab(self, queryset, name, value):
        return tabs.filter_tab(queryset, value)

    def filter_flagged(self, queryset, name, value):
        return queryset.filter(FLAGGED) if value else queryset.exclude(FLAGGED)

    def filter_real_name(self, queryset, name, value):
        return queryset.filter(REAL_NAME_LOOKUPS[value])

    def filter_region(self, queryset, name, value):
        return queryset.filter(region="" if value == NO_REGION else value)

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(**{Organisation(value).field_name: True})


def queue_queryset(request):
    """The statements the queue lists for ``request``'s filters and search
    (``?q=``, or the words kept under ``?search=``), oldest first, as the
    listing shows them."""
    words = request_words(request)
    queryset = matching_queryset(request.GET, words)
    if queryset is None:
        # As the listing does: filters it cannot read are left out.
        queryset = matching_queryset({}, words)
    return queryset.order_by("submitted_at", "pk")


def request_words(request):
    """The words searched in ``request``: ``?q=``, or those kept in the
    session under ``?search=``."""
    return request.GET.get("q", "").strip() or search.recall(
        request.session, request.GET.get(search.SEARCH_PARAM)
    )


def matching_queryset(query, words=""):
    """The statements matching the queue's filters in ``query`` (a QueryDict
    or a dict) and the search ``words``, unordered; ``None`` when a filter
    cannot be read (never "everything" by mistake)."""
    if not isinstance(query, QueryDict):
        query = _query_dict(query)
    filterset = StatementFilterSet(
        data=queue_data(query), queryset=Statement.objects.all()
    )
    if not filterset.is_valid():
        return None
    queryset = filterset.qs
    if words:
        queryset = queryset.filter(queue_match(words))
    return queryset


def _query_dict(mapping):
    query = QueryDict(mutable=True)
    for name, value in mapping.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


def queue_match(words):
    """The queue's search: ``words`` in the public words of a statement
    across scripts, widths and case (as on the wall); or in its name or
    alias as typed, hidden real names included (moderators read them); or
    a whole name, hidden or not, in the other script or width (the name's
    duplicate fingerprint, for each region); or, for 16 digits (spaces and
    dashes ignored), the statement with that registration number."""
    conditions = [
        statement_search.public_match(words),
        Q(name__icontains=words),
        Q(alias__icontains=words),
    ]
    if fold_name(words):
        prints = {fingerprint(words, region) for region in Region.values}
        conditions.append(Q(fingerprint__in=sorted(prints)))
    number = registration.normalise(words)
    if number is not None:
        conditions.append(Q(registration_number=number))
    return reduce(operator.or_, conditions)
