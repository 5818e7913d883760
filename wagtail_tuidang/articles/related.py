"""Related posts: the one function every template and block uses.

:func:`related_pages` returns the editor's picks first (drafts and private
pages dropped even if picked), then the articles sharing the most tags and
categories with the page, ranked by how many they share and then by date,
found in one query. Never the page itself; live and public pages only.

The result is cached per page (see :mod:`wagtail_tuidang.articles.cache` for
when it goes stale).
"""

import hashlib

import swapper
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.functional import cached_property
from wagtail.models import get_page_models

from ..specific import follow, link_path
from . import cache, queries


def related_pages(page, limit=6, picked_ids=None):
    """Up to ``limit`` pages related to ``page``, each marked with
    ``related_is_pick`` (True for an editor's pick).

    Picks are ``picked_ids`` (page ids in order) when given, else the page's
    ``recommended_pages``. Costs no query when cached, three at most when not
    (picks, ranked articles, thumbnails' renditions).
    """
    if page is None:
        return []
    if page.pk is None:  # a new page in preview: nothing saved to relate to
        return _compute(page, limit, picked_ids)
    picks = hashlib.sha1(repr(picked_ids).encode(), usedforsecurity=False)
    key = cache.key(page, "related", limit, picks.hexdigest()[:12])
    return cache.get_or_compute(key, lambda: _compute(page, limit, picked_ids))


def _compute(page, limit, picked_ids):
    picks = picked_pages(page, picked_ids)[:limit]
    ranked = ranked_pages(page, [pick.pk for pick in picks], limit - len(picks))
    for pick in picks:
        pick.related_is_pick = True
    for other in ranked:
        other.related_is_pick = False
    pages = picks + ranked
    _prefetch_thumbnails(pages)
    return pages


def picked_pages(page, picked_ids=None):
    """The picked pages that are live and public, in order, without ``page``;
    articles as their specific class, other pages as plain pages. One query."""
    base = swapper.load_model("wagtailcore", "Page")
    order = None
    if picked_ids is None and page.pk is not None:
        found = _recommended(page, base)
        if found is None:  # a page type without recommendations
            return []
    else:
        ids = picked_ids if picked_ids is not None else _unsaved_pick_ids(page)
        found = base.objects.filter(pk__in=ids)
        order = {pk: position for position, pk in enumerate(ids)}
    found = queries.live_and_public(found.exclude(pk=page.pk))
    found = list(found.select_related(*_ARTICLE_LINKS.select_related))
    if order is not None:
        found.sort(key=lambda found_page: order[found_page.pk])
    return [_ARTICLE_LINKS.specific(found_page) for found_page in found]


def _recommended(page, base):
    """The pages ``page`` recommends, in the editor's order, as a queryset."""
    try:
        relation = page._meta.get_field("recommended_pages")
    except FieldDoesNotExist:
        return None
    rows = relation.related_model.objects.filter(**{relation.field.name: page.pk})
    row = rows.filter(recommended_id=OuterRef("pk")).order_by("sort_order", "pk")
    return (
        base.objects.filter(pk__in=rows.values("recommended_id"))
        .annotate(
            pick_order=Subquery(row.values("sort_order")[:1]),
            # Rows made in code rather than the editor may have no
            # sort_order: they keep the order they were added in.
            pick_row=Subquery(row.values("pk")[:1]),
        )
        .order_by(F("pick_order").asc(nulls_last=True), "pick_row")
    )


def _unsaved_pick_ids(page):
    rows = getattr(page, "recommended_pages", None)
    return [row.recommended_id for row in rows.all()] if rows is not None else []


def ranked_pages(page, exclude=(), limit=6):
    """Live, public articles sharing tags or categories with ``page`` (of
    the page type that declares its ``tags``), most shared first, then
    newest; one query, hero images joined."""
    if limit <= 0 or page.pk is None or not hasattr(page, "tags"):
        return []
    model = page._meta.get_field("tags").model
    ranked = (
        queries.live_and_public(_candidates(model, page))
        .exclude(pk__in=[page.pk, *exclude])
        .annotate(**_shared_counts(model, page.pk))
        .annotate(shared=F("shared_tags") + F("shared_categories"))
        .select_related("hero_image")
        .defer("body")
        .order_by("-shared", "-date", "-first_published_at", "-pk")
    )
    return list(ranked[:limit])


def _candidates(model, page):
    """Pages of ``model`` in ``page``'s language sharing a tag or category
    with it (narrowed through the indexed link tables before counting)."""
    tag_ids, category_ids = _taxonomy_ids(model, page.pk)
    return model.objects.filter(
        Q(pk__in=_pages_with(model, "tags", tag_ids))
        | Q(pk__in=_pages_with(model, "categories", category_ids)),
        locale_id=page.locale_id,
    )


def _shared_counts(model, pk):
    """Annotations counting the tags and the categories a page shares with
    the page ``pk``. Both joins multiply rows, hence ``distinct``."""
    tag_ids, category_ids = _taxonomy_ids(model, pk)
    through = model._meta.get_field("tags").through
    tagged = through._meta.get_field("content_object").related_query_name()
    return {
        "shared_tags": Count(
            tagged, filter=Q(**{f"{tagged}__tag__in": tag_ids}), distinct=True
        ),
        "shared_categories": Count(
            "categories", filter=Q(categories__in=category_ids), distinct=True
        ),
    }


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


def _prefetch_thumbnails(pages):
    images = [p.hero_image for p in pages if getattr(p, "hero_image_id", None)]
    queries.complete_renditions(images, queries.THUMBNAIL_SPECS)


class _ArticleLinks:
    """How to reach every article page type from the base page model in one
    query: ``select_related`` down the multi-table inheritance links (with
    the hero image), which ``.specific()`` would do in one query per type."""

    @cached_property
    def paths(self):
        from .mixins import ArticlePageMixin

        base = swapper.load_model("wagtailcore", "Page")
        models = [
            model
            for model in get_page_models()
            if issubclass(model, ArticlePageMixin) and not model._meta.abstract
        ]
        # Deepest first: a page of a subclass also has its parent's row.
        paths = [link_path(model, base) for model in models]
        return sorted(paths, key=len, reverse=True)

    @property
    def select_related(self):
        return [*self.paths, *(f"{path}__hero_image" for path in self.paths)]

    def specific(self, page):
        """``page`` as the article it is, or itself if it is no article."""
        for path in self.paths:
            found = follow(page, path)
            if found is not None:
                return found
        return page


_ARTICLE_LINKS = _ArticleLinks()
