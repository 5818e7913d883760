"""The figures of the ``transparency/`` page: per month, statements
received, published, rejected, marked as spam and withdrawn, statements
imported, contact details stored and purged; and when a purge last erased
anything. Aggregate counts only, for the whole site.

Where each comes from, in four grouped queries over the last
``WAGTAIL_TUIDANG_TRANSPARENCY_MONTHS`` months, cached for an hour
(:data:`CACHE_TIMEOUT`), so a request costs no query on a hit:

- decisions: Wagtail's audit log of statements (one entry per decision,
  written once the decision committed), grouped by month and action;
- received and contact details stored: the statements submitted in those
  months, grouped by month;
- imports and purges: the wall log entries the imports and purges write
  (their counts), grouped by month, and the latest purge entry.

The cost of a miss grows with the statements and decisions of those months,
not with the whole table.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from wagtail.models import ModelLogEntry

from .. import cache
from ..conf import get_setting
from ..moderation import log_actions
from ..moderation.page_log import StatementPageLogEntry
from ..retention import PURGE_CONTACTS, PURGE_NAMES
from .models import Statement

CACHE_TIMEOUT = 60 * 60
#: Columns of the table, in order: the decisions' audit actions first.
DECISIONS = {
    "published": log_actions.PUBLISH,
    "rejected": log_actions.REJECT,
    "spam": log_actions.MARK_SPAM,
    "withdrawn": log_actions.WITHDRAW,
}
COLUMNS = (
    "received",
    *DECISIONS,
    "imported",
    "contacts_stored",
    "contacts_purged",
)


def first_month(today, months):
    """The first day of the earliest of ``months`` months up to today's."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return datetime.date(index // 12, index % 12 + 1, 1)


def cache_key(today):
    return f"wagtail_tuidang:transparency:{today.isoformat()}"


def get_figures():
    """``{"months": [{"month": date, <column>: n, …}, …] newest first,
    "last_purge": local date or None}``, cached."""
    today = timezone.localdate()
    key = cache_key(today)
    figures = cache.get(key)
    if figures is None:
        figures = compute(today, get_setting("TRANSPARENCY_MONTHS"))
        cache.set(key, figures, CACHE_TIMEOUT)
    return figures


def _month(value):
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def compute(today, months):
    """The figures from the database: four grouped queries."""
    start = first_month(today, months)
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
    table = {}

    def row(month):
        return table.setdefault(_month(month), dict.fromkeys(COLUMNS, 0))

    statement_type = ContentType.objects.get_for_model(Statement)
    decisions = (
        ModelLogEntry.objects.filter(
            content_type=statement_type,
            action__in=DECISIONS.values(),
            timestamp__gte=since,
        )
        .annotate(month=TruncMonth("timestamp"))
        .values_list("month", "action")
        .annotate(count=Count("id"))
        .order_by()
    )
    names = {action: name for name, action in DECISIONS.items()}
    for month, action, count in decisions:
        row(month)[names[action]] += count
    received = (
        Statement.objects.filter(submitted_at__gte=since)
        .annotate(month=TruncMonth("submitted_at"))
        .values_list("month")
        .annotate(
            count=Count("id"), contacts=Count("id", filter=~Q(contact_encrypted=""))
        )
        .order_by()
    )
    for month, count, contacts in received:
        row(month).update(received=count, contacts_stored=contacts)
    wall_entries = StatementPageLogEntry.objects.filter(
        action__in=(log_actions.IMPORT, PURGE_CONTACTS), timestamp__gte=since
    ).values_list("timestamp", "action", "data")
    for timestamp, action, data in wall_entries:
        data = data or {}
        if action == log_actions.IMPORT:
            row(timestamp)["imported"] += int(data.get("created") or 0)
        else:
            row(timestamp)["contacts_purged"] += int(data.get("count") or 0)
    last_purge = StatementPageLogEntry.objects.filter(
        action__in=(PURGE_CONTACTS, PURGE_NAMES)
    ).aggregate(last=Max("timestamp"))["last"]
    return {
        "months": _all_months(table, start, today),
        "last_purge": timezone.localdate(last_purge) if last_purge else None,
    }


def _all_months(table, start, today):
    """One row per month from ``start`` to today's, newest first, months
    without any figure as zeros."""
    rows, month = [], start
    while month <= today:
        rows.append({"month": month, **table.get(month, dict.fromkeys(COLUMNS, 0))})
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return rows[::-1]
