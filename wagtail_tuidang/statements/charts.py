"""Chart geometry for the statistics page, in plain Python.

Figures go in, shapes come out (bar rectangles, polyline points, axis ticks) in
the coordinates of an SVG ``viewBox``; the template only draws them. Nothing
here touches the database, so every chart can be tested with plain numbers.
"""

import datetime
import math
from dataclasses import dataclass, field

#: Size of the drawing area, in viewBox units (the SVG scales to its container).
WIDTH = 720
HEIGHT = 280
#: Room for the left axis labels, the right (cumulative) axis labels, the
#: x-axis labels below and some air above the highest bar.
MARGIN_LEFT = 72
MARGIN_RIGHT = 72
MARGIN_TOP = 12
MARGIN_BOTTOM = 28
#: Fraction of each bar's slot left empty between bars.
BAR_GAP = 0.2
#: Widest bar: a chart of one or two years should not be one red wall.
MAX_BAR_WIDTH = 48
#: Most labels the x-axis of the yearly chart shows before it skips years.
MAX_YEAR_LABELS = 12


@dataclass(frozen=True)
class Bar:
    """One bar: its rectangle, and what it stands for (``key``, ``value``)."""

    x: float
    y: float
    width: float
    height: float
    key: object
    value: int


@dataclass(frozen=True)
class Tick:
    """An axis tick: its position along the axis and the value it labels."""

    position: float
    value: object


@dataclass
class Chart:
    """Everything the template needs to draw one chart."""

    bars: list
    y_ticks: list
    x_ticks: list
    width: int = WIDTH
    height: int = HEIGHT
    left: float = MARGIN_LEFT
    right: float = WIDTH - MARGIN_RIGHT
    top: float = MARGIN_TOP
    bottom: float = HEIGHT - MARGIN_BOTTOM
    line_points: str = ""
    line_ticks: list = field(default_factory=list)
    line_values: list = field(default_factory=list)

    @property
    def value_label_x(self):
        """Where the left axis labels end."""
        return self.left - 6

    @property
    def line_label_x(self):
        """Where the right (cumulative) axis labels start."""
        return self.right + 6

    @property
    def key_label_y(self):
        """Baseline of the labels under the bars."""
        return self.bottom + 18

    @property
    def max_bar(self):
        """The bar with the largest value (the first of equals), or None."""
        return max(self.bars, key=lambda bar: bar.value, default=None)

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)

    @property
    def rows(self):
        """(key, value, running total) per bar: the table fallback."""
        running = 0
        rows = []
        for bar in self.bars:
            running += bar.value
            rows.append((bar.key, bar.value, running))
        return rows


def nice_scale(maximum, ticks=4):
    """An axis top and step for whole numbers up to ``maximum``: the step is
    1, 2 or 5 times a power of ten, so labels read 0, 250, 500… Never zero,
    so an empty chart divides by something."""
    raw = max(maximum, 1) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, math.ceil(step))
    top = step * max(1, math.ceil(maximum / step))
    return top, step


def fill_days(rows, first, last):
    """(day, people) for every day from ``first`` to ``last``; days without a
    tally row count as zero. ``rows`` is an iterable of (day, people)."""
    by_day = dict(rows)
    days = (last - first).days + 1
    return [
        (day, by_day.get(day, 0))
        for day in (first + datetime.timedelta(days=n) for n in range(days))
    ]


def fill_years(rows, last_year):
    """(year, people) for every year from the first with a tally to
    ``last_year``, zero where nothing was tallied."""
    by_year = dict(rows)
    first_year = min([*by_year, last_year])
    return [(year, by_year.get(year, 0)) for year in range(first_year, last_year + 1)]


def _y(chart, value, top):
    return chart.bottom - (chart.bottom - chart.top) * value / top


def _bars(chart, series, top):
    slot = (chart.right - chart.left) / max(len(series), 1)
    width = min(slot * (1 - BAR_GAP), MAX_BAR_WIDTH)
    bars = []
    for index, (key, value) in enumerate(series):
        y = _y(chart, value, top)
        x = chart.left + slot * index + (slot - width) / 2
        bars.append(Bar(_r(x), _r(y), _r(width), _r(chart.bottom - y), key, value))
    return bars


def _value_ticks(chart, top, step):
    return [Tick(_r(_y(chart, value, top)), value) for value in range(0, top + 1, step)]


def _centre(bar):
    return _r(bar.x + bar.width / 2)


def _r(number):
    return round(number, 2)


def bar_chart(series, label_every=1):
    """Bars for ``series``, a list of (key, value); an x-axis label on every
    ``label_every``-th bar."""
    chart = Chart(bars=[], y_ticks=[], x_ticks=[])
    top, step = nice_scale(max((value for _key, value in series), default=0))
    chart.bars = _bars(chart, series, top)
    chart.y_ticks = _value_ticks(chart, top, step)
    chart.x_ticks = [
        Tick(_centre(bar), bar.key)
        for index, bar in enumerate(chart.bars)
        if index % label_every == 0
    ]
    return chart


def daily_chart(series):
    """Daily bars with a cumulative line on a second scale (right axis).

    The line adds up the window's days only. A line that included the
    baseline would sit flat near the top (hundreds of millions against a few
    thousand a day) and hide the pace, which is what the chart is for; the
    baseline-inclusive total is printed above the chart instead.
    """
    chart = bar_chart(series)
    chart.x_ticks = [
        Tick(_centre(bar), bar.key) for bar in chart.bars if bar.key.day == 1
    ]
    running = [row[2] for row in chart.rows]
    top, step = nice_scale(running[-1] if running else 0)
    chart.line_values = running
    chart.line_points = " ".join(
        f"{_centre(bar)},{_r(_y(chart, value, top))}"
        for bar, value in zip(chart.bars, running, strict=True)
    )
    chart.line_ticks = _value_ticks(chart, top, step)
    return chart


def yearly_chart(series):
    """One bar per year, labelling at most ``MAX_YEAR_LABELS`` years."""
    label_every = max(1, math.ceil(len(series) / MAX_YEAR_LABELS))
    return bar_chart(series, label_every=label_every)
