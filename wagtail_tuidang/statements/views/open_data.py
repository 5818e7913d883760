"""Open data of a wall: ``stats/json/``, ``embed/counter/`` and ``embed/badge/``.

Aggregate figures only, read from the tallies (the cached figures, the
regional tallies and one query for the daily rows), so each costs the same at
ten statements and at ten million. Public data: any origin may read the JSON
(``Access-Control-Allow-Origin: *``); the counter may be framed by the origins
of ``WAGTAIL_TUIDANG_EMBED_FRAME_ANCESTORS`` (every other page refuses to be
framed); the badge is an SVG image for an ``<img>``. No cookie, no script.

The routes end in ``/`` with no file extension: Wagtail serves pages only at
paths made of letters, digits, ``-`` and ``_``, and the plugin adds no line
to a site's ``urls.py``.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _

from ...conf import get_setting
from ...l10n import tuidang_count
from .. import labels, tallies, walls
from ..choices import Region
from ..models import StatementTally

#: The version of the ``stats/json/`` document (docs/reference/open-data.md).
SCHEMA_VERSION = 1
#: The choices of the embed's query parameters, the first one the default.
THEMES = ("light", "dark")
SIZES = ("full", "compact")
JSON_TYPE = "application/json"
SVG_TYPE = "image/svg+xml"


class BadParameter(ValueError):
    """A query parameter outside its fixed list or range."""


def _read_only(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


def stats_json(request, page):
    """The figures of ``page``'s wall as JSON (docs/reference/open-data.md)."""
    refused = _read_only(request)
    if refused:
        return refused
    try:
        days = _days_parameter(request.GET.get("days"))
    except BadParameter as error:
        return _bad_request_json(str(error))
    figures = page.figures
    document = {
        "version": SCHEMA_VERSION,
        "wall": {"title": page.title, "url": _wall_url(request, page)},
        "date": timezone.localdate().isoformat(),
        "time_zone": settings.TIME_ZONE,
        "updated_at": _iso(figures.get("updated_at")),
        "total": figures["total"],
        "baseline": figures["baseline"],
        "baseline_date": _iso(figures["baseline_date"]),
        "statements": figures["statements"],
        "today": figures["today"],
        "yesterday": figures["yesterday"],
        "this_week": figures["this_week"],
        "this_month": figures["this_month"],
        "organisations": {
            "party": figures["party"],
            "youth_league": figures["youth_league"],
            "young_pioneers": figures["young_pioneers"],
        },
        "regions": region_rows(tallies.get_region_figures(page)),
        "days": daily_rows(page, days),
    }
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, content_type=f"{JSON_TYPE}; charset=utf-8")
    return _public(request, response, body, figures.get("updated_at"))


def region_rows(figures):
    """One entry per region of ``figures`` (``tallies.get_region_figures``),
    in the order of the region list, with its label in the active language."""
    return [
        {
            "code": code,
            "name": str(labels.choice_label(Region, code)),
            **figures.get(code, {"statements": 0, "people": 0}),
        }
        for code in Region.values
    ]


def daily_rows(page, days):
    """The last ``days`` days up to today (oldest first, days without
    statements as zeros), from the day tallies in one query."""
    today = timezone.localdate()
    first = today - datetime.timedelta(days=days - 1)
    fields = ("statements", *tallies.COUNTERS)
    rows = StatementTally.objects.filter(
        index_page_id=walls.wall_id(page), day__gte=first, day__lte=today
    ).values_list("day", *fields)
    by_day = {row[0]: row[1:] for row in rows}
    names = ("statements", "people", "party", "youth_league", "young_pioneers")
    result = []
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        values = by_day.get(day, (0,) * len(fields))
        figures = dict(zip(names, values, strict=True))
        result.append({"date": day.isoformat(), **figures})
    return result


def _days_parameter(value):
    if value in (None, ""):
        return get_setting("STATS_DAYS")
    most = get_setting("STATS_MAX_DAYS")
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= most:
        raise BadParameter(
            _("days must be a whole number from 1 to %(most)d.") % {"most": most}
        )
    return int(value)


def _bad_request_json(message):
    response = JsonResponse({"error": message}, status=400)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _wall_url(request, page):
    return page.get_full_url(request) or request.build_absolute_uri(page.url)


def _iso(value):
    return value.isoformat() if value is not None else None


def _public(request, response, body, updated_at):
    """``response`` made cacheable by anyone and readable by any origin,
    with validators: a repeated request whose copy is current gets a 304."""
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=get_setting("OPEN_DATA_MAX_AGE"))
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response["ETag"] = etag
    last_modified = None
    if updated_at is not None:
        last_modified = int(updated_at.timestamp())
        response["Last-Modified"] = http_date(last_modified)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    return conditional


# The embeds


def embed_options(request):
    """``{"theme", "size", "language"}`` from the query string, or the
    response refusing the request: a 405 to anything but a read, a 400 to a
    value outside the fixed lists (never echoed)."""
    refused = _read_only(request)
    if refused:
        return refused
    try:
        return _embed_options(request)
    except BadParameter:
        return HttpResponse(
            _("Unknown embed option."), status=400, content_type="text/plain"
        )


def _embed_options(request):
    theme = request.GET.get("theme") or THEMES[0]
    size = request.GET.get("size") or SIZES[0]
    language = request.GET.get("lang") or ""
    known = {code.lower(): code for code, _name in settings.LANGUAGES}
    if theme not in THEMES or size not in SIZES:
        raise BadParameter("theme or size")
    if language and language.lower() not in known:
        raise BadParameter("lang")
    return {"theme": theme, "size": size, "language": known.get(language.lower())}


def embed_counter(request, page):
    """A tiny page of the running total, made to be framed by other sites."""
    options = embed_options(request)
    if isinstance(options, HttpResponse):
        return options
    wall_url = _wall_url(request, page)
    if not wall_url.endswith("/"):
        wall_url += "/"
    with translation.override(options["language"] or translation.get_language()):
        context = {
            "page": page,
            "figures": page.figures,
            "options": options,
            "language_code": translation.get_language(),
            "wall_url": wall_url,
            "submit_url": (
                wall_url + page.reverse_subpage("submit")
                if page.submissions_open
                else None
            ),
        }
        body = render_to_string(
            "wagtail_tuidang/statements/embed_counter.html", context, request=request
        )
    response = HttpResponse(body)
    response.xframe_options_exempt = True
    response.tuidang_frame_ancestors = list(get_setting("EMBED_FRAME_ANCESTORS"))
    return _public(request, response, body.encode(), page.figures.get("updated_at"))


#: Width, in em, that the badge allows per character: digits and Latin
#: letters are narrower than a Chinese character.
NARROW_EM, WIDE_EM = 0.62, 1.0
BADGE_FONT_SIZE = 11
BADGE_PADDING = 6


def _text_width(text):
    em = sum(WIDE_EM if ord(char) > 0x2E7F else NARROW_EM for char in text)
    return round(em * BADGE_FONT_SIZE + 2 * BADGE_PADDING)


def embed_badge(request, page):
    """The running total as an SVG badge, for an ``<img>`` on another site."""
    options = embed_options(request)
    if isinstance(options, HttpResponse):
        return options
    with translation.override(options["language"] or translation.get_language()):
        label = _("Quit the CCP")
        value = tuidang_count(page.figures["total"])
        label_width, value_width = _text_width(label), _text_width(value)
        context = {
            "label": label,
            "value": value,
            "title": _(
                "%(count)s people have quit the Chinese Communist Party and "
                "its organisations"
            )
            % {"count": value},
            "label_width": label_width,
            "value_width": value_width,
            "width": label_width + value_width,
            "label_x": label_width / 2,
            "value_x": label_width + value_width / 2,
            "dark": options["theme"] == "dark",
            "language_code": translation.get_language(),
        }
        body = render_to_string("wagtail_tuidang/statements/embed_badge.svg", context)
    response = HttpResponse(body, content_type=f"{SVG_TYPE}; charset=utf-8")
    return _public(request, response, body.encode(), page.figures.get("updated_at"))


def embed_variants(sizes=SIZES):
    """The query strings of every embed style, for purges: each theme and
    size (the badge has one size), without and with each language."""
    languages = ["", *(code for code, _name in settings.LANGUAGES)]
    variants = []
    for theme in THEMES:
        for size in sizes:
            for language in languages:
                params = []
                if theme != THEMES[0]:
                    params.append(f"theme={theme}")
                if size != SIZES[0]:
                    params.append(f"size={size}")
                if language:
                    params.append(f"lang={language}")
                variants.append("?" + "&".join(params) if params else "")
    return variants
