"""Historical daily totals (from an older system) into StatementTally.

Columns: ``date, people, party, youth_league, young_pioneers`` (whole numbers
of people, zero or more). By default the figures are ADDED to the day's
tally. With ``replace``, the day's people counters are SET to the file's
figures (its count of published statements is kept): use it to correct an
earlier totals import, not on days that also have published statements,
whose people it would overwrite.

``tallies.rebuild()`` recounts days from the first published statement on,
so historical days before it survive a rebuild.
"""

import datetime
from collections import Counter, defaultdict

from django.utils.translation import gettext_lazy as _

from ..statements import tallies
from .columns import TOTALS_COLUMNS
from .reader import open_rows

COUNTER_COLUMNS = {
    "people": "people",
    "party": "people_party",
    "youth_league": "people_youth_league",
    "young_pioneers": "people_young_pioneers",
}


def parse_totals_row(row):
    """``(day, {tally field: number})`` or raise ValueError with a message."""
    try:
        day = datetime.date.fromisoformat(row.get("date", "").strip())
    except ValueError:
        raise ValueError(_("date: use the form YYYY-MM-DD.")) from None
    counters = {}
    for column, field_name in COUNTER_COLUMNS.items():
        value = row.get(column, "").strip() or "0"
        if not (value.isascii() and value.isdigit()) or len(value) > 15:
            raise ValueError(
                _("%(column)s: a whole number of people, zero or more.")
                % {"column": column}
            )
        counters[field_name] = int(value)
    return day, counters


def import_totals(file, page, replace=False, dry_run=False):
    """Add (or set) each row's figures; returns ``(days written, errors)``
    where errors are ``(line, message)``. Nothing is written if any row is bad."""
    _header, rows = open_rows(file, required=TOTALS_COLUMNS[:2])
    parsed, errors = [], []
    for line, row in rows:
        try:
            parsed.append(parse_totals_row(row))
        except ValueError as error:
            errors.append((line, str(error)))
    if errors or dry_run:
        return len(parsed), errors
    days = defaultdict(Counter)
    for day, counters in parsed:
        if replace:  # a day's last row sets it
            days[day] = Counter(counters)
        else:
            days[day].update(counters)
    tallies.record_history(page, days, replace=replace)
    return len(parsed), errors
