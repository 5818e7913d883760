"""``stats/``: totals, recent figures and two charts drawn on the server.

Everything comes from the tallies, never from counting statements: the
cached figures and regional figures (no query when warm), the last
:data:`DAYS` days (one query) and people per year (one query).
"""

import datetime

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.http import HttpResponseNotAllowed
from django.utils import timezone

from .. import charts, region_map, tallies, walls
from ..models import StatementTally
from . import render_route
from .open_data import region_rows

#: Days shown by the daily chart, today included.
DAYS = 90


def stats(request, page):
    """Render the statistics of ``page``: figures, daily and yearly charts."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    today = timezone.localdate()
    regions = tallies.get_region_figures(page)
    context = {
        "figures": page.figures,
        "region_map": region_map.tile_map(regions),
        "region_rows": region_rows(regions),
        "daily_chart": charts.daily_chart(daily_series(page, today)),
        "yearly_chart": charts.yearly_chart(yearly_series(page, today)),
    }
    return render_route(request, page, "stats", context)


def daily_series(page, today, days=DAYS):
    """(day, people) for the ``days`` days up to ``today``, gaps as zero."""
    first = today - datetime.timedelta(days=days - 1)
    rows = StatementTally.objects.filter(
        index_page_id=walls.wall_id(page), day__gte=first, day__lte=today
    ).values_list("day", "people")
    return charts.fill_days(rows, first, today)


def yearly_series(page, today):
    """(year, people) from the first tallied year to this one, in one query.

    Years come from the tallies' days, so a site that imports historical daily
    totals as tallies shows years from before the site existed; the baseline,
    which has no days, is in no year.
    """
    rows = (
        StatementTally.objects.filter(index_page_id=walls.wall_id(page), day__lte=today)
        .annotate(year=ExtractYear("day"))
        .values("year")
        .annotate(year_people=Sum("people"))
        .order_by("year")
        .values_list("year", "year_people")
    )
    return charts.fill_years(rows, today.year)
