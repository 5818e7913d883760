"""Per-day tallies and the figures read from them (total, today, this week…).

The public total is ``baseline + sum(tallies)``: a handful of rows per page and
day, so it costs the same at ten statements and at five hundred million.
"""

import datetime
from collections import Counter, defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from .. import cache
from . import walls
from .choices import Organisation, Region
from .models import Statement, StatementRegionTally, StatementTally

CACHE_TIMEOUT = 24 * 60 * 60
COUNTERS = ("people", *(org.tally_field for org in Organisation))


def tally_day(statement):
    return timezone.localdate(statement.published_at)


class Changes:
    """The tally changes of one transaction, summed per (page, day) row and
    per (page, day, region) row, and written once per row by :meth:`save`,
    day rows first, each kind in key order.

    Taking each tally row's lock once, in one order, after the statements'
    locks is what keeps concurrent decisions from deadlocking.
    """

    def __init__(self):
        self.rows = defaultdict(Counter)
        self.regions = defaultdict(Counter)

    def add(self, statement, sign):
        """Count (sign=1) or uncount (sign=-1) a published statement."""
        people = sign * statement.people_count
        day = tally_day(statement)
        counters = self.rows[statement.index_page_id, day]
        counters.update(statements=sign, people=people)
        counters.update({org.tally_field: people for org in statement.organisations})
        region = self.regions[statement.index_page_id, day, statement.region]
        region.update(statements=sign, people=people)
        return self

    def save(self):
        """Apply the summed changes with ``F()`` updates. Call inside the
        transaction that changes the statuses."""
        now = timezone.now()
        for (page_id, day), counters in sorted(self.rows.items()):
            if any(counters.values()):
                add_to_day(page_id, day, counters, now)
        for (page_id, day, region), counters in sorted(self.regions.items()):
            if any(counters.values()):
                keys = {"index_page_id": page_id, "day": day, "region": region}
                _write(StatementRegionTally, keys, _increments(counters), counters)
        self.rows.clear()
        self.regions.clear()


def apply(statement, sign):
    """Add (sign=1) or remove (sign=-1) one published statement from its
    day's tally. Call inside the transaction that changes the status."""
    Changes().add(statement, sign).save()


def add_to_day(page_id, day, counters, now=None):
    """Add ``counters`` ({tally field: number}) to one day's tally row."""
    stamp = {"updated_at": now or timezone.now()}
    keys = {"index_page_id": page_id, "day": day}
    changes = {**_increments(counters), **stamp}
    _write(StatementTally, keys, changes, {**counters, **stamp})


def _increments(counters):
    return {name: F(name) + value for name, value in counters.items()}


def _write(model, keys, changes, initial):
    """Update the tally row of ``keys`` with ``changes``, or create it with
    ``initial``.

    Update first: the row exists on all but the first change of a day. A row
    created meanwhile by another transaction (IntegrityError once it commits)
    is then updated."""
    rows = model.objects.filter(**keys)
    if rows.update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(**keys, **initial)
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
                stamped = {**counters, "updated_at": timezone.now()}
                keys = {"index_page_id": wall, "day": day}
                _write(StatementTally, keys, stamped, stamped)
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
    now = timezone.now()
    tallies = [
        StatementTally(index_page_id=wall, updated_at=now, **row) for row in rows
    ]
    regions = (
        published.annotate(day=TruncDate("published_at"))
        .values("day", "region")
        .annotate(statements=Count("id"), people=Sum("people_count"))
        .order_by("day", "region")
    )
    with transaction.atomic():
        StatementTally.objects.filter(
            index_page_id=wall, day__gte=timezone.localdate(first)
        ).delete()
        StatementTally.objects.bulk_create(tallies, batch_size=1000)
        # Regional rows exist only for statements published here: all of
        # them are recounted.
        StatementRegionTally.objects.filter(index_page_id=wall).delete()
        StatementRegionTally.objects.bulk_create(
            (StatementRegionTally(index_page_id=wall, **row) for row in regions),
            batch_size=1000,
        )
        transaction.on_commit(lambda: invalidate(wall), robust=True)
    return len(tallies)


def cache_key(page_id, today=None):
    today = today or timezone.localdate()
    # "3": the figures carry the baseline (since translations share it) and
    # the time of the last change.
    return f"wagtail_tuidang:figures3:{page_id}:{today.isoformat()}"


def region_cache_key(page_id, today=None):
    today = today or timezone.localdate()
    return f"wagtail_tuidang:regions:{page_id}:{today.isoformat()}"


def invalidate(page_id):
    """Forget the cached figures of one wall (after a tally change); pass
    ``walls.wall_id(page)`` for a page that may be a translation."""
    cache.delete_many([cache_key(page_id), region_cache_key(page_id)])


def get_figures(page):
    """Total, per-organisation totals and recent figures of an index page.

    One aggregate query on a cache miss, none on a hit. Returns a dict with
    ``total``, ``party``, ``youth_league``, ``young_pioneers``, ``today``,
    ``yesterday``, ``this_week``, ``this_month``, ``statements``, and the
    historical ``baseline`` and ``baseline_date``, and ``updated_at`` (when
    a tally last changed, or None). With localisation, every
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
    aggregates["updated_at"] = Max("updated_at")
    wall = walls.wall_id(page)
    sums = StatementTally.objects.filter(index_page_id=wall).aggregate(**aggregates)
    updated_at = sums.pop("updated_at")
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
        "updated_at": updated_at,
    }


def get_region_figures(page):
    """``{region code: {"statements": n, "people": n}}`` of an index page,
    every region present (zeros too), ``""`` for "not given". Statements
    published on this site only: historical totals have no region.

    One aggregate query over the regional tallies on a cache miss (a row per
    day and region, however many statements), none on a hit.
    """
    today = timezone.localdate()
    wall = walls.wall_id(page)
    key = region_cache_key(wall, today)
    figures = cache.get(key)
    if figures is None:
        figures = {region: {"statements": 0, "people": 0} for region in Region.values}
        rows = (
            StatementRegionTally.objects.filter(index_page_id=wall)
            .values("region")
            .annotate(sum_statements=Sum("statements"), sum_people=Sum("people"))
            .order_by()
        )
        for row in rows:
            figures.setdefault(row["region"], {}).update(
                statements=row["sum_statements"] or 0, people=row["sum_people"] or 0
            )
        cache.set(key, figures, CACHE_TIMEOUT)
    return figures
