"""Related posts: the one function every template and block uses.

:func:`related_pages` returns the editor's picks first (drafts and private
pages dropped even if picked), then the articles sharing the most tags and
categories with the page, ranked by how many they share and then by date,
found in one query. Never the page itself; live and public pages only.
Without a page (a block that cannot know the page it is on), only the picks.

The result is cached per page (see :mod:`wagtail_tuidang.articles.cache` for
when it goes stale).

:func:`latest_articles` is what a related-articles block shows instead when
it knows neither its page nor any pick.
"""

import hashlib

import swapper
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from wagtail.models import Locale, get_page_models

from ..specific import follow, link_path
from . import cache, queries


def related_pages(page, limit=6, picked_ids=None, thumbnails=True):
    """Up to ``limit`` pages related to ``page``, each marked with
    ``related_is_pick`` (True for an editor's pick).

    Picks are ``picked_ids`` (page ids in order) when given, else the page's
    ``recommended_pages``. One query when not cached, none when cached; the
    thumbnails' renditions come from the rendition cache (see
    :func:`~wagtail_tuidang.renditions.fetch_renditions`) unless
    ``thumbnails`` is False (a caller reading them with other renditions).

    ``page`` may be None when ``picked_ids`` are given: the picks alone, in
    one query, uncached (no page to key the cache on).
    """
    if page is None and not picked_ids:
        return []
    if page is None or page.pk is None:  # unknown, or new in preview: no key
        pages = _compute(page, limit, picked_ids)
    else:
        picks = hashlib.sha1(repr(picked_ids).encode(), usedforsecurity=False)
        key = cache.key(page, "related", limit, picks.hexdigest()[:12])
        pages = cache.get_or_compute(key, lambda: _compute(page, limit, picked_ids))
    return queries.load_thumbnails(pages) if thumbnails else pages


def _compute(page, limit, picked_ids):
    """Picks and ranked pages in one query: picks first in their order, then
    the most shared, newest first."""
    if limit <= 0:
        return []
    base = swapper.load_model("wagtailcore", "Page")
    picked, pick_order = _picks(page, base, picked_ids)
    model = _ranking_model(page)
    ranked = Q(pk__in=_candidates(model, page).values("pk")) if model else Q()
    if not picked and not ranked:
        return []
    found = queries.live_and_public(base.objects.filter(picked | ranked))
    if page is not None:
        found = found.exclude(pk=page.pk)
    found = (
        found.annotate(**pick_order, **_shared_count(model, page))
        .select_related(*_ARTICLE_LINKS.select_related)
        .defer(*_ARTICLE_LINKS.bodies)
        .order_by(
            F("pick_order").asc(nulls_last=True),
            F("pick_row").asc(nulls_last=True),
            F("shared").desc(),
            *_newest_first(model, base),
        )
    )
    pages = []
    for found_page in found[:limit]:
        specific = _ARTICLE_LINKS.specific(found_page)
        specific.related_is_pick = found_page.pick_order is not None
        pages.append(specific)
    return pages


def _picks(page, base, picked_ids):
    """The condition selecting the picked pages, and the annotations
    ``pick_order`` and ``pick_row`` that order them (NULL for other pages)."""
    if picked_ids is None and page is not None and page.pk is not None:
        return _recommended(page, base)
    ids = picked_ids if picked_ids is not None else _unsaved_pick_ids(page)
    ids = list(dict.fromkeys(pk for pk in ids if pk))
    if not ids:
        return Q(), {"pick_order": Value(None, IntegerField()), "pick_row": Value(0)}
    order = Case(
        *(When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)),
        default=None,
        output_field=IntegerField(),
    )
    return Q(pk__in=ids), {"pick_order": order, "pick_row": Value(0)}


def _recommended(page, base):
    """The pages ``page`` recommends, with their place in the editor's order."""
    try:
        relation = page._meta.get_field("recommended_pages")
    except FieldDoesNotExist:
        return Q(), {"pick_order": Value(None, IntegerField()), "pick_row": Value(0)}
    rows = relation.related_model.objects.filter(**{relation.field.name: page.pk})
    row = rows.filter(recommended_id=OuterRef("pk")).order_by("sort_order", "pk")
    return Q(pk__in=rows.values("recommended_id")), {
        # A page picked at all has a pick_row; rows made in code rather than
        # the editor may have no sort_order: they keep the order they were
        # added in.
        "pick_order": Subquery(
            row.annotate(place=Coalesce("sort_order", Value(UNSORTED))).values("place")[
                :1
            ]
        ),
        "pick_row": Subquery(row.values("pk")[:1]),
    }


#: Where a pick with no sort_order goes: after the sorted ones.
UNSORTED = 2**31 - 1


def _unsaved_pick_ids(page):
    rows = getattr(page, "recommended_pages", None)
    return [row.recommended_id for row in rows.all()] if rows is not None else []


def _ranking_model(page):
    """The page type whose articles are ranked against ``page`` (the one
    declaring its ``tags``), or None when ``page`` cannot be ranked."""
    if page is None or page.pk is None or not hasattr(page, "tags"):
        return None
    try:
        page._meta.get_field("categories")
    except FieldDoesNotExist:
        return None
    return page._meta.get_field("tags").model


def latest_articles(limit, thumbnails=True):
    """Up to ``limit`` of the newest live, public articles (of every article
    page type) in the active language, last published first: what a
    related-articles block shows when it knows neither the page it is on
    (``{{ page.body }}``) nor any pick. Two queries (the active locale, the
    articles), uncached; the thumbnails as :func:`related_pages` loads them."""
    models = _ARTICLE_LINKS.models
    if limit <= 0 or not models:
        return []
    base = swapper.load_model("wagtailcore", "Page")
    found = (
        queries.live_and_public(base.objects.type(*models))
        .filter(locale=Locale.get_active())
        .select_related(*_ARTICLE_LINKS.select_related)
        .defer(*_ARTICLE_LINKS.bodies)
        .order_by(F("first_published_at").desc(nulls_last=True), F("pk").desc())
    )
    pages = [_ARTICLE_LINKS.specific(page) for page in found[:limit]]
    for page in pages:
        page.related_is_pick = False
    return queries.load_thumbnails(pages) if thumbnails else pages


def _newest_first(model, base):
    """Orderings for pages of ``base`` putting articles of ``model``
    newest first."""
    dates = []
    if model is not None:
        date = "date" if model is base else f"{link_path(model, base)}__date"
        dates.append(F(date).desc(nulls_last=True))
    return [
        *dates,
        F("first_published_at").desc(nulls_last=True),
        F("pk").desc(),
    ]


def _candidates(model, page):
    """Pages of ``model`` in ``page``'s language sharing a tag or category
    with it (narrowed through the indexed link tables)."""
    tag_ids, category_ids = _taxonomy_ids(model, page.pk)
    return model.objects.filter(
        Q(pk__in=_pages_with(model, "tags", tag_ids))
        | Q(pk__in=_pages_with(model, "categories", category_ids)),
        locale_id=page.locale_id,
    )


def _shared_count(model, page):
    """The annotation ``shared``: how many tags and categories a page shares
    with ``page``, counted in subqueries (0 for pages of other types)."""
    if model is None:
        return {"shared": Value(0)}
    tag_ids, category_ids = _taxonomy_ids(model, page.pk)
    tag_rows = model._meta.get_field("tags").through.objects.filter(
        content_object_id=OuterRef("pk"), tag__in=tag_ids
    )
    categories = model._meta.get_field("categories")
    category_rows = categories.remote_field.through.objects.filter(
        **{
            categories.m2m_field_name(): OuterRef("pk"),
            f"{categories.m2m_reverse_field_name()}__in": category_ids,
        }
    )
    return {"shared": _count(tag_rows) + _count(category_rows)}


def _count(rows):
    """How many ``rows`` there are, as a subquery."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(counted.values("n")[:1]), 0)


def _taxonomy_ids(model, pk):
    """Subqueries of the tag ids and category ids of the page ``pk``."""
    tag_rows = model._meta.get_field("tags").through.objects
    categories = model._meta.get_field("categories")
    category_rows = categories.remote_field.through.objects
    return (
        tag_rows.filter(content_object_id=pk).values("tag_id"),
        category_rows.filter(**{categories.m2m_field_name(): pk}).values(
            categories.m2m_reverse_field_name()
        ),
    )


def _pages_with(model, field_name, ids):
    """A subquery of the ids of pages with one of the tags or categories."""
    field = model._meta.get_field(field_name)
    if field_name == "tags":
        return field.through.objects.filter(tag__in=ids).values("content_object_id")
    rows = field.remote_field.through.objects
    return rows.filter(**{f"{field.m2m_reverse_field_name()}__in": ids}).values(
        field.m2m_field_name()
    )


class _ArticleLinks:
    """How to reach every article page type from the base page model in one
    query: ``select_related`` down the multi-table inheritance links (with
    the hero image), which ``.specific()`` would do in one query per type."""

    @cached_property
    def models(self):
        """Every concrete article page type."""
        from .mixins import ArticlePageMixin

        return [
            model
            for model in get_page_models()
            if issubclass(model, ArticlePageMixin) and not model._meta.abstract
        ]

    @cached_property
    def paths(self):
        base = swapper.load_model("wagtailcore", "Page")
        # Deepest first: a page of a subclass also has its parent's row.
        paths = [link_path(model, base) for model in self.models]
        return sorted(paths, key=len, reverse=True)

    @property
    def select_related(self):
        return [*self.paths, *(f"{path}__hero_image" for path in self.paths)]

    @property
    def bodies(self):
        """The articles' bodies, which a list of them never shows."""
        return [f"{path}__body" for path in self.paths]

    def specific(self, page):
        """``page`` as the article it is, or itself if it is no article."""
        for path in self.paths:
            found = follow(page, path)
            if found is not None:
                return found
        return page


_ARTICLE_LINKS = _ArticleLinks()
