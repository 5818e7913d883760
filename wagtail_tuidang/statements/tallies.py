"""Per-day tallies and the figures read from them (total, today, this week…).

The public total is ``baseline + sum(tallies)``: a handful of rows per page and
day, so it costs the same at ten statements and at five hundred million.
"""

import datetime
from collections import Counter, defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from .. import cache
from . import walls
from .choices import Organisation
from .models import Statement, StatementTally

CACHE_TIMEOUT = 24 * 60 * 60
COUNTERS = ("people", *(org.tally_field for org in Organisation))


def tally_day(statement):
    return timezone.localdate(statement.published_at)


class Changes:
    """The tally changes of one transaction, summed per (page, day) row and
    written once per row by :meth:`save`, rows in (page, day) order.

    Taking each tally row's lock once, in one order, after the statements'
    locks is what keeps concurrent decisions from deadlocking.
    """

    def __init__(self):
        self.rows = defaultdict(Counter)

    def add(self, statement, sign):
        """Count (sign=1) or uncount (sign=-1) a published statement."""
        people = sign * statement.people_count
        counters = self.rows[statement.index_page_id, tally_day(statement)]
        counters.update(statements=sign, people=people)
        counters.update({org.tally_field: people for org in statement.organisations})
        return self

    def save(self):
        """Apply the summed changes with ``F()`` updates. Call inside the
        transaction that changes the statuses."""
        for (page_id, day), counters in sorted(self.rows.items()):
            if any(counters.values()):
                add_to_day(page_id, day, counters)
        self.rows.clear()


def apply(statement, sign):
    """Add (sign=1) or remove (sign=-1) one published statement from its
    day's tally. Call inside the transaction that changes the status."""
    Changes().add(statement, sign).save()


def add_to_day(page_id, day, counters):
    """Add ``counters`` ({tally field: number}) to one day's tally row."""
    changes = {name: F(name) + value for name, value in counters.items()}
    _write_day(page_id, day, changes, counters)


def _write_day(page_id, day, changes, initial):
    """Update a day's row with ``changes``, or create it with ``initial``.

    Update first: the row exists on all but the first change of a day. A row
    created meanwhile by another transaction (IntegrityError once it commits)
    is then updated."""
    rows = StatementTally.objects.filter(index_page_id=page_id, day=day)
    if rows.update(**changes):
        return
    try:
        with transaction.atomic():
            StatementTally.objects.create(index_page_id=page_id, day=day, **initial)
    except IntegrityError:
        rows.update(**changes)


def record_history(page, days, replace=False):
    """Write historical daily totals from an older system: ``days`` maps a
    day to {tally field: people}. The figures are added to the day's tally,
    or with ``replace`` set as its people counters (its count of published
    statements is kept). Returns the number of days written."""
    wall = walls.wall_id(page)
    with transaction.atomic():
        for day, counters in sorted(days.items()):
            if replace:
                _write_day(wall, day, counters, counters)
            else:
                add_to_day(wall, day, counters)
        transaction.on_commit(lambda: invalidate(wall), robust=True)
    return len(days)


def rebuild(page):
    """Recount one index page's tallies from its published statements.

    For bulk loads (demo data, imports) and repairs. Days from the first
    published statement on are replaced; earlier days are kept, so historical
    daily totals imported from an older system survive. Returns the number of
    days written.
    """
    published = Statement.objects.published().for_page(page)
    first = published.aggregate(first=Min("published_at"))["first"]
    if first is None:
        return 0
    people = {"people": Sum("people_count")}
    for org in Organisation:
        people[org.tally_field] = Coalesce(
            Sum("people_count", filter=Q(**{org.field_name: True})), 0
        )
    rows = (
        published.annotate(day=TruncDate("published_at"))
        .values("day")
        .annotate(statements=Count("id"), **people)
        .order_by("day")
    )
    wall = walls.wall_id(page)
    tallies = [StatementTally(index_page_id=wall, **row) for row in rows]
    with transaction.atomic():
        StatementTally.objects.filter(
            index_page_id=wall, day__gte=timezone.localdate(first)
        ).delete()
        StatementTally.objects.bulk_create(tallies, batch_size=1000)
        transaction.on_commit(lambda: invalidate(wall), robust=True)
    return len(tallies)


def cache_key(page_id, today=None):
    today = today or timezone.localdate()
    # "2": the figures also carry the baseline since translations share it.
    return f"wagtail_tuidang:figures2:{page_id}:{today.isoformat()}"


def invalidate(page_id):
    """Forget the cached figures of one wall (after a tally change); pass
    ``walls.wall_id(page)`` for a page that may be a translation."""
    cache.delete(cache_key(page_id))


def get_figures(page):
    """Total, per-organisation totals and recent figures of an index page.

    One aggregate query on a cache miss, none on a hit. Returns a dict with
    ``total``, ``party``, ``youth_league``, ``young_pioneers``, ``today``,
    ``yesterday``, ``this_week``, ``this_month``, ``statements``, and the
    historical ``baseline`` and ``baseline_date``. With localisation, every
    translation of a wall has the same figures, cached once.
    """
    today = timezone.localdate()
    key = cache_key(walls.wall_id(page), today)
    figures = cache.get(key)
    if figures is None:
        figures = _compute_figures(page, today)
        cache.set(key, figures, CACHE_TIMEOUT)
    return figures


def _compute_figures(page, today):
    week_start = today - datetime.timedelta(days=today.weekday())
    periods = {
        "today": Q(day=today),
        "yesterday": Q(day=today - datetime.timedelta(days=1)),
        "this_week": Q(day__gte=week_start, day__lte=today),
        "this_month": Q(day__gte=today.replace(day=1), day__lte=today),
    }
    # Aliases must not shadow the field names they sum.
    aggregates = {f"sum_{name}": Sum(name) for name in (*COUNTERS, "statements")}
    aggregates.update(
        {
            f"sum_{name}": Sum("people", filter=condition)
            for name, condition in periods.items()
        }
    )
    wall = walls.wall_id(page)
    sums = StatementTally.objects.filter(index_page_id=wall).aggregate(**aggregates)
    sums = {name.removeprefix("sum_"): value or 0 for name, value in sums.items()}
    base = {name: value or 0 for name, value in walls.baseline_of(page).items()}
    return {
        "total": base["baseline_total"] + sums["people"],
        "party": base["baseline_party"] + sums["people_party"],
        "youth_league": base["baseline_youth_league"] + sums["people_youth_league"],
        "young_pioneers": base["baseline_young_pioneers"]
        + sums["people_young_pioneers"],
        "baseline": base["baseline_total"],
        "baseline_date": base["baseline_date"] or None,
        "statements": sums["statements"],
        **{name: sums[name] for name in periods},
    }
