"""Numbers and dates as readers of each language write them.

Merged into ``{% load wagtail_tuidang_tags %}``; one way everywhere:

- ``{{ number|tuidang_count }}``: a whole number grouped by three,
  ``455,002,406``, in every language. Django's Chinese formats have no
  thousands separator (and group by four), so ``|localize`` and
  ``|floatformat:"0g"`` print ``455002406`` there; a comma is used where the
  language has none. Grouping does not depend on ``USE_THOUSAND_SEPARATOR``.
- ``{{ number|tuidang_large }}``: a total, as HTML. In Chinese, from 10,000
  on, the short form and the exact figure side by side,
  ``4.55 亿 / 455,002,406`` (万 and 亿 in Simplified, 萬 and 億 in
  Traditional), inside ``<data value="455002406">``; in other languages (and
  below 10,000) the grouped figure alone.
- ``{{ date|tuidang_date }}`` (or ``|tuidang_date:"YEAR_MONTH_FORMAT"``):
  ``2026年11月29日`` in Chinese whatever the site's ``FORMAT_MODULE_PATH``
  says, and the active language's Django format elsewhere.

Machine-readable values (``<time datetime>``, ``data-*`` and ``value``
attributes, SVG coordinates, feed dates, JSON-LD) keep plain integers and ISO
dates: these filters are for the text a person reads.
"""

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import dateformat, formats, timezone, translation
from django.utils.html import format_html

register = template.Library()

#: Date formats in Chinese, as Chinese readers write dates. Django ships the
#: same for DATE_FORMAT, but a site's FORMAT_MODULE_PATH may replace them, and
#: its MONTH_DAY_FORMAT pads the month ("09月5日").
CHINESE_DATE_FORMATS = {
    "DATE_FORMAT": "Y年n月j日",
    "SHORT_DATE_FORMAT": "Y年n月j日",
    "DATETIME_FORMAT": "Y年n月j日 H:i",
    "SHORT_DATETIME_FORMAT": "Y年n月j日 H:i",
    "YEAR_MONTH_FORMAT": "Y年n月",
    "MONTH_DAY_FORMAT": "n月j日",
}

#: Language codes (lower case) written in Traditional characters.
TRADITIONAL_CHINESE = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")

WAN = 10_000
YI = 100_000_000
HUNDREDTH = Decimal("0.01")


def _language(language=None):
    return (language or translation.get_language() or "").lower()


def is_chinese(language=None):
    """Whether ``language`` (the active language by default) is Chinese."""
    code = _language(language)
    return code == "zh" or code.startswith("zh-")


def whole_number(value):
    """``value`` as an int, or None if it is not a (finite) number. Strings of
    digits count; booleans do not."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def format_count(value, language=None):
    """``value`` grouped by three (``455,002,406``) with the language's
    thousands separator, or a comma where it has none (Chinese). None gives
    ``""``; anything else that is not a number is returned unchanged."""
    number = whole_number(value)
    if number is None:
        return "" if value is None else value
    separator = formats.get_format("THOUSAND_SEPARATOR", lang=language) or ","
    grouped = f"{abs(number):,}".replace(",", separator)
    return f"-{grouped}" if number < 0 else grouped


def short_form(value, language=None):
    """The Chinese short form of a number of 10,000 or more (``4.55 亿``,
    ``1.2 萬``), rounded half up to two decimals; None in other languages,
    below 10,000, or for anything that is not a number. A figure that rounds
    to 10,000 万 is shown as 1 亿."""
    number = whole_number(value)
    if number is None or abs(number) < WAN or not is_chinese(language):
        return None
    traditional = _language(language).startswith(TRADITIONAL_CHINESE)
    wan, yi = ("萬", "億") if traditional else ("万", "亿")
    magnitude = abs(number)
    if magnitude < YI:
        amount = (Decimal(magnitude) / WAN).quantize(HUNDREDTH, ROUND_HALF_UP)
        unit = wan
    if magnitude >= YI or amount >= WAN:
        amount = (Decimal(magnitude) / YI).quantize(HUNDREDTH, ROUND_HALF_UP)
        unit = yi
    text = format(amount.normalize(), "f")
    return f"{'-' if number < 0 else ''}{text} {unit}"


def format_large(value, language=None):
    """A total as HTML: ``<data value="…">`` around the short form and the
    exact figure in Chinese (``4.55 亿 / 455,002,406``), around the exact
    figure alone otherwise. A screen reader reads both: the separator is the
    only part hidden from it."""
    number = whole_number(value)
    if number is None:
        return format_count(value, language)
    exact = format_count(number, language)
    short = short_form(number, language)
    if short is None:
        return format_html('<data class="td-large" value="{}">{}</data>', number, exact)
    return format_html(
        '<data class="td-large" value="{}"><span class="td-large__short">{}</span>'
        '<span class="td-large__separator" aria-hidden="true"> / </span>'
        '<span class="td-large__exact">{}</span></data>',
        number,
        short,
        exact,
    )


def format_date(value, format_name="DATE_FORMAT", language=None):
    """A date (or datetime, in the current time zone) as the language writes
    it: ``2026年11月29日`` in Chinese, the language's Django format (``Nov. 29,
    2026`` in English) elsewhere. ``format_name`` is a Django format setting
    name or a format string. None and ``""`` give ``""``; anything that is not
    a date is returned unchanged."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.date):
        return value
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if is_chinese(language) and format_name in CHINESE_DATE_FORMATS:
        return dateformat.format(value, CHINESE_DATE_FORMATS[format_name])
    if language is None:
        return formats.date_format(value, format_name)
    with translation.override(language):
        return formats.date_format(value, format_name)


@register.filter
def tuidang_count(value):
    """``{{ number|tuidang_count }}``: see :func:`format_count`."""
    return format_count(value)


#: The name this filter had before it was used everywhere.
register.filter("thousands", tuidang_count)


@register.filter
def tuidang_large(value):
    """``{{ total|tuidang_large }}``: see :func:`format_large`."""
    return format_large(value)


@register.filter(expects_localtime=True)
def tuidang_date(value, format_name="DATE_FORMAT"):
    """``{{ date|tuidang_date }}``, ``{{ date|tuidang_date:"YEAR_MONTH_FORMAT" }}``:
    see :func:`format_date`."""
    return format_date(value, format_name)
