"""The queue's tabs: pending statements with no anti-spam flag first, and
the flagged ones in a tab per flag, each with a count.

A flood lands in the flagged tabs and the default tab stays what it was, so
moderators keep reading honest statements oldest first. Counts are capped
(``WAGTAIL_TUIDANG_QUEUE_COUNT_CAP``, "10,000+" above it): each reads at most
that many entries of a small partial index (migration 0017), never the whole
table, and all of them are cached together until the next submission or
decision, or for ``TABS_CACHE_SECONDS``.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import cache
from ..conf import get_setting
from ..l10n import format_count
from ..statements.choices import Status
from ..statements.models import FLAG_FIELDS, Statement
from .counts import TABS_CACHE_KEY, UNFLAGGED

#: The query-string parameter naming the tab.
TAB_PARAM = "tab"
#: The default tab: pending statements without any flag.
UNFLAGGED_TAB = "unflagged"
#: No tab: every statement the other filters keep.
ALL_TAB = "all"
#: Seconds the counts may lag behind: when nothing invalidates them, or when
#: they were read between a submission's invalidation and its commit (see
#: :class:`~wagtail_tuidang.moderation.signals.SubmissionNews`).
TABS_CACHE_SECONDS = 30


def tab_conditions():
    """``{tab: condition}`` in the order the tabs are shown."""
    return {
        UNFLAGGED_TAB: UNFLAGGED,
        **{name: Q(**{name: True}) for name in FLAG_FIELDS},
        ALL_TAB: Q(),
    }


def tab_labels():
    """``{tab: label}``: a flag's tab is named as the flag is."""
    return {
        UNFLAGGED_TAB: _("Not flagged"),
        **{
            name: Statement._meta.get_field(name).verbose_name.capitalize()
            for name in FLAG_FIELDS
        },
        ALL_TAB: _("All"),
    }


def tab_choices():
    return list(tab_labels().items())


def filter_tab(queryset, tab):
    """``queryset`` reduced to the statements of ``tab`` (an unknown tab
    keeps them all)."""
    return queryset.filter(tab_conditions().get(tab, Q()))


def tab_counts():
    """``{tab: count}`` of pending statements, each at most one over the
    cap (see :func:`count_display`): one query per tab on a cache miss,
    none on a hit."""
    counts = cache.get(TABS_CACHE_KEY)
    if counts is None:
        cap = get_setting("QUEUE_COUNT_CAP")
        pending = Statement.objects.filter(status=Status.PENDING)
        counts = {
            tab: pending.filter(condition).values("pk")[: cap + 1].count()
            for tab, condition in tab_conditions().items()
        }
        cache.set(TABS_CACHE_KEY, counts, TABS_CACHE_SECONDS)
    return counts


def count_display(count):
    """``count`` as a tab shows it: "10,000+" past the cap."""
    cap = get_setting("QUEUE_COUNT_CAP")
    if count > cap:
        return _("%(count)s+") % {"count": format_count(cap)}
    return format_count(count)
