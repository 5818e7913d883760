"""The tile-grid map of regions on ``stats/``: one square per region.

A tile grid needs no geographic data: each provincial-level division gets a
square near where it lies, so readers find their province at a glance, and
every square is the same size, so Tibet's area does not outweigh Shanghai's
people. Shades come from the people counted in each region (five classes
of equal width up to the largest region); the template draws the squares as
inline SVG with a ``<title>`` each, and a table gives the same figures.
"""

import math
from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from . import labels
from .choices import Region

#: (column, row) of each region on the grid, roughly as they lie.
TILES = {
    "xj": (0, 0), "nm": (3, 0), "hl": (6, 0),
    "gs": (1, 1), "nx": (2, 1), "sx": (3, 1), "bj": (4, 1), "ln": (5, 1), "jl": (6, 1),
    "xz": (0, 2), "qh": (1, 2), "sn": (2, 2), "ha": (3, 2), "he": (4, 2), "tj": (5, 2),
    "sc": (1, 3), "cq": (2, 3), "hb": (3, 3), "ah": (4, 3), "sd": (5, 3),
    "yn": (1, 4), "gz": (2, 4), "hn": (3, 4), "jx": (4, 4), "js": (5, 4),
    "gx": (2, 5), "gd": (3, 5), "fj": (4, 5), "zj": (5, 5), "sh": (6, 5),
    "hi": (2, 6), "mo": (3, 6), "hk": (4, 6), "tw": (5, 6),
    "os": (0, 6),
}  # fmt: skip

#: The short name written on each square (Chinese readers know the one
#: character abbreviations; other languages get two letters).
SHORT_NAMES = {
    "bj": pgettext_lazy("region abbreviation", "BJ"),
    "tj": pgettext_lazy("region abbreviation", "TJ"),
    "he": pgettext_lazy("region abbreviation", "HE"),
    "sx": pgettext_lazy("region abbreviation", "SX"),
    "nm": pgettext_lazy("region abbreviation", "NM"),
    "ln": pgettext_lazy("region abbreviation", "LN"),
    "jl": pgettext_lazy("region abbreviation", "JL"),
    "hl": pgettext_lazy("region abbreviation", "HL"),
    "sh": pgettext_lazy("region abbreviation", "SH"),
    "js": pgettext_lazy("region abbreviation", "JS"),
    "zj": pgettext_lazy("region abbreviation", "ZJ"),
    "ah": pgettext_lazy("region abbreviation", "AH"),
    "fj": pgettext_lazy("region abbreviation", "FJ"),
    "jx": pgettext_lazy("region abbreviation", "JX"),
    "sd": pgettext_lazy("region abbreviation", "SD"),
    "ha": pgettext_lazy("region abbreviation", "HA"),
    "hb": pgettext_lazy("region abbreviation", "HB"),
    "hn": pgettext_lazy("region abbreviation", "HN"),
    "gd": pgettext_lazy("region abbreviation", "GD"),
    "gx": pgettext_lazy("region abbreviation", "GX"),
    "hi": pgettext_lazy("region abbreviation", "HI"),
    "cq": pgettext_lazy("region abbreviation", "CQ"),
    "sc": pgettext_lazy("region abbreviation", "SC"),
    "gz": pgettext_lazy("region abbreviation", "GZ"),
    "yn": pgettext_lazy("region abbreviation", "YN"),
    "xz": pgettext_lazy("region abbreviation", "XZ"),
    "sn": pgettext_lazy("region abbreviation", "SN"),
    "gs": pgettext_lazy("region abbreviation", "GS"),
    "qh": pgettext_lazy("region abbreviation", "QH"),
    "nx": pgettext_lazy("region abbreviation", "NX"),
    "xj": pgettext_lazy("region abbreviation", "XJ"),
    "hk": pgettext_lazy("region abbreviation", "HK"),
    "mo": pgettext_lazy("region abbreviation", "MO"),
    "tw": pgettext_lazy("region abbreviation", "TW"),
    "os": pgettext_lazy("region abbreviation", "OS"),
}

#: Size of a square and the gap between squares, in viewBox units.
TILE = 48
GAP = 4
#: Fill of each class, from no one to the most (light to dark red), and
#: the text colour that stays readable on it.
SHADES = ("#f1f1f4", "#f6c9c4", "#ec9488", "#d5523f", "#a3271b")
TEXT_COLOURS = ("#1d1d24", "#1d1d24", "#1d1d24", "#ffffff", "#ffffff")


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    short_name: str
    x: int
    y: int
    people: int
    statements: int
    shade: int

    @property
    def fill(self):
        return SHADES[self.shade]

    @property
    def text_colour(self):
        return TEXT_COLOURS[self.shade]

    @property
    def centre_x(self):
        return self.x + TILE / 2

    @property
    def centre_y(self):
        return self.y + TILE / 2


@dataclass(frozen=True)
class Legend:
    shade: int
    low: int
    high: int

    @property
    def fill(self):
        return SHADES[self.shade]


def shade(people, most):
    """The class (0–4) of ``people`` out of ``most``: 0 is no one."""
    if people <= 0 or most <= 0:
        return 0
    return min(len(SHADES) - 1, 1 + math.floor((len(SHADES) - 1) * people / (most + 1)))


def tile_map(figures):
    """The squares, the legend and the viewBox size for ``figures``
    (``tallies.get_region_figures``)."""
    most = max((figures.get(code, {}).get("people", 0) for code in TILES), default=0)
    tiles = []
    for code, (column, row) in TILES.items():
        counts = figures.get(code, {"people": 0, "statements": 0})
        tiles.append(
            Tile(
                code=code,
                name=str(labels.choice_label(Region, code)),
                short_name=str(SHORT_NAMES[code]),
                x=column * (TILE + GAP),
                y=row * (TILE + GAP),
                people=counts["people"],
                statements=counts["statements"],
                shade=shade(counts["people"], most),
            )
        )
    columns = 1 + max(column for column, _row in TILES.values())
    rows = 1 + max(row for _column, row in TILES.values())
    legend = legend_classes(most)
    return {
        "tiles": tiles,
        "legend": legend,
        "width": columns * (TILE + GAP) - GAP,
        "height": rows * (TILE + GAP) - GAP,
        "most": most,
    }


def legend_classes(most):
    """(shade, lowest, highest people) of each class in use for ``most``."""
    classes = [Legend(0, 0, 0)]
    if most <= 0:
        return classes
    steps = len(SHADES) - 1
    for number in range(1, len(SHADES)):
        low = math.ceil((number - 1) * (most + 1) / steps)
        high = math.ceil(number * (most + 1) / steps) - 1
        low = max(low, 1)
        if low <= high:
            classes.append(Legend(number, low, min(high, most)))
    return classes
