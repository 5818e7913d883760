"""Days with published statements, read from the tallies, never from the
statements: the previous and next day of the wall's ``?day=`` view and the
archive of days (``days/``).

A day here is the local day a statement was published, the day the tallies
count it under (``tallies.tally_day``) and the day ``?day=`` lists, so a
day's count is the number of statements its link shows. Historical totals
imported from an older system (``tallies.record_history``) count people but
no statements: such days have nothing to list and are left out.

Every read is one query served by the tallies' unique index on (wall, day),
whatever the number of days or statements.
"""

import itertools
from dataclasses import dataclass, field

from .models import StatementTally
from .walls import wall_id


def days_with_statements(page):
    """The tally rows of ``page``'s wall that count published statements."""
    return StatementTally.objects.filter(index_page_id=wall_id(page), statements__gt=0)


def previous_day(page, day):
    """The nearest day before ``day`` with published statements, or None."""
    days = days_with_statements(page).filter(day__lt=day).order_by("-day")
    return days.values_list("day", flat=True).first()


def next_day(page, day):
    """The nearest day after ``day`` with published statements, or None."""
    days = days_with_statements(page).filter(day__gt=day).order_by("day")
    return days.values_list("day", flat=True).first()


@dataclass(frozen=True)
class Day:
    """A day with published statements: how many, and for how many people."""

    day: object
    statements: int
    people: int


@dataclass
class DaysPage:
    """Days newest first, and the day to read older days before (or None
    at the oldest)."""

    days: list = field(default_factory=list)
    older_before: object = None

    @property
    def months(self):
        """``[(first day of the month, [Day…]), …]``, newest first."""
        return [
            (month, list(group))
            for month, group in itertools.groupby(
                self.days, key=lambda row: row.day.replace(day=1)
            )
        ]


def days_page(page, per_page, before=None):
    """The :class:`DaysPage` of up to ``per_page`` days, newest first, before
    ``before`` (a date) if given: ``WHERE day < before ORDER BY day DESC
    LIMIT per_page + 1``, one query and no ``OFFSET``."""
    days = days_with_statements(page)
    if before is not None:
        days = days.filter(day__lt=before)
    rows = list(
        days.order_by("-day").values_list("day", "statements", "people")[: per_page + 1]
    )
    shown = [Day(*row) for row in rows[:per_page]]
    older = shown[-1].day if len(rows) > per_page else None
    return DaysPage(days=shown, older_before=older)
