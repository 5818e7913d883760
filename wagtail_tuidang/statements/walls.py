"""One wall for all the translations of a statement index page.

With Wagtail's localisation (``WAGTAIL_I18N_ENABLED``, pages translated with
``wagtail.contrib.simple_translation`` or wagtail-localize), the translations
of an index page share one ``translation_key``. They are one wall: one set of
statements, one set of tallies and one historical baseline, all held by the
group's original page (its oldest, the lowest id), called "the wall" here.
A statement sent on any translation is stored on the wall, and every
translation lists, counts and finds it.

The original is the page every translation was copied from, and a
translation made later has a higher id: the wall never changes while the
original exists, so nothing is copied when a translation is added. When the
original is deleted, :func:`hand_over` moves everything to the next oldest.

Without localisation every page is its own wall, found without a query.
"""

from collections import Counter, defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef

from ..basepage import page_model

#: The page fields holding the historical total: edited on the wall only.
BASELINE_FIELDS = (
    "baseline_total",
    "baseline_party",
    "baseline_youth_league",
    "baseline_young_pioneers",
    "baseline_date",
)
#: The counters of a tally row, summed when rows are merged.
TALLY_COUNTERS = (
    "statements",
    "people",
    "people_party",
    "people_youth_league",
    "people_young_pioneers",
)

#: Where :func:`wall_id` remembers its answer on a page object; a query may
#: annotate a page with it under this name to save the look-up.
CACHED_WALL_ID = "_tuidang_wall_id"
_CACHED = CACHED_WALL_ID


def localisation_enabled():
    """Whether the site translates pages (Wagtail's ``WAGTAIL_I18N_ENABLED``)."""
    return getattr(settings, "WAGTAIL_I18N_ENABLED", False)


def wall_id(page):
    """The id of the page holding the statements, tallies and baseline of
    ``page``'s wall: ``page.pk`` without localisation (no query), else the
    oldest page sharing its ``translation_key`` (one query, remembered on the
    page object for the rest of the request)."""
    if not localisation_enabled() or page.pk is None:
        return page.pk
    known = page.__dict__.get(_CACHED)
    if known is None:
        known = oldest_of(page.translation_key) or page.pk
        page.__dict__[_CACHED] = known
    return known


def is_wall(page):
    """Whether ``page`` holds its wall's statements (the original, or a page
    without translations)."""
    return wall_id(page) == page.pk


def oldest_of(translation_key, exclude=None):
    """The lowest page id with ``translation_key`` (other than ``exclude``)."""
    pages = page_model().objects.filter(translation_key=translation_key)
    if exclude is not None:
        pages = pages.exclude(pk=exclude)
    return pages.order_by("pk").values_list("pk", flat=True).first()


def translations(page):
    """Every page of ``page``'s wall (``page`` included), as specific pages."""
    if not localisation_enabled():
        return [page]
    return list(
        page_model().objects.filter(translation_key=page.translation_key).specific()
    )


def walls_only(pages):
    """``pages`` without translations whose original is another page: one
    entry per wall (for choosers and filters). Unchanged without
    localisation."""
    if not localisation_enabled():
        return pages
    older = page_model().objects.filter(
        translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
    )
    return pages.exclude(Exists(older))


def baseline_of(page):
    """{baseline field: value} of ``page``'s wall: the page's own values when
    it is the wall, else one query for the wall's."""
    wall = wall_id(page)
    if wall == page.pk:
        return {name: getattr(page, name) for name in BASELINE_FIELDS}
    values = type(page)._default_manager.filter(pk=wall).values(*BASELINE_FIELDS)
    return values.first() or {name: getattr(page, name) for name in BASELINE_FIELDS}


def share_baseline(wall):
    """Copy the wall's baseline onto its translations, so that a template
    reading ``page.baseline_total`` on any of them shows the one figure."""
    if not localisation_enabled():
        return
    values = {name: getattr(wall, name) for name in BASELINE_FIELDS}
    type(wall)._default_manager.filter(translation_key=wall.translation_key).exclude(
        pk=wall.pk
    ).update(**values)


def hand_over(page):
    """Before the original of a translated wall is deleted: move its
    statements, tallies and baseline to the next oldest translation, which
    becomes the wall. Nothing to do for a translation or a lone page."""
    from . import tallies

    if not localisation_enabled() or not is_wall(page):
        return
    successor = oldest_of(page.translation_key, exclude=page.pk)
    if successor is None:
        return
    with transaction.atomic():
        move_to_walls({page.pk: successor})
        values = {name: getattr(page, name) for name in BASELINE_FIELDS}
        type(page)._default_manager.filter(pk=successor).update(**values)
    for page_id in (page.pk, successor):
        transaction.on_commit(lambda page_id=page_id: tallies.invalidate(page_id))


def translations_of_walls(page_model):
    """{page id: its wall's id} for every page that shares its
    ``translation_key`` with an older page (a translation of a wall)."""
    shared = (
        page_model.objects.values("translation_key")
        .annotate(pages=Count("pk"))
        .filter(pages__gt=1)
        .values("translation_key")
    )
    rows = (
        page_model.objects.filter(translation_key__in=shared)
        .order_by("translation_key", "pk")
        .values_list("translation_key", "pk")
    )
    walls, moves = {}, {}
    for key, pk in rows:
        wall = walls.setdefault(key, pk)
        if pk != wall:
            moves[pk] = wall
    return moves


def move_to_walls(moves, statement_model=None, tally_model=None):
    """Move statements and tallies from pages to their walls, ``moves``
    being {page id: wall id}: statements are re-pointed, and each day's
    tally is added to the wall's tally of that day. Returns the ids of the
    walls that changed. (The models are those of a migration when called
    from one.)"""
    from .models import Statement, StatementTally

    statement_model = statement_model or Statement
    tally_model = tally_model or StatementTally
    by_wall = defaultdict(list)
    for page_id, wall in moves.items():
        by_wall[wall].append(page_id)
    changed = set()
    for wall, page_ids in sorted(by_wall.items()):
        if statement_model.objects.filter(index_page_id__in=page_ids).update(
            index_page_id=wall
        ):
            changed.add(wall)
        if _merge_tallies(tally_model, wall, page_ids):
            changed.add(wall)
    return changed


def _merge_tallies(tally_model, wall, page_ids):
    rows = tally_model.objects.filter(index_page_id__in=page_ids)
    days = defaultdict(Counter)
    for row in rows.values("day", *TALLY_COUNTERS):
        days[row.pop("day")].update(row)
    for day, counters in sorted(days.items()):
        target, _created = tally_model.objects.get_or_create(
            index_page_id=wall, day=day
        )
        for name in TALLY_COUNTERS:
            setattr(target, name, getattr(target, name) + counters[name])
        target.save(update_fields=TALLY_COUNTERS)
    rows.delete()
    return bool(days)
