"""Query pieces shared by the index, the feeds, the blocks and related posts.

Each returns a queryset (or a condition) to compose, never a list, so that a
listing stays one SQL statement whatever it combines.
"""

import swapper
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from wagtail.models import PageViewRestriction

from ..renditions import fetch_renditions
from . import restrictions

#: Renditions of the small image beside an article in lists; keep in step
#: with ``_article_card.html``.
THUMBNAIL_SPECS = ("fill-480x270",)


def mark_restricted(page, paths=None):
    """Set ``page.tuidang_restricted``: whether a view restriction applies
    to it (see :mod:`~wagtail_tuidang.articles.restrictions`), so that its
    view needs no query to find none (see :func:`view_restrictions`).
    Returns ``page``."""
    page.tuidang_restricted = restrictions.is_restricted(page.path, paths)
    return page


def live_and_public(queryset, below=None):
    """The live pages of ``queryset`` that anyone may see. ``below`` (a tree
    path all of them are under) leaves out restrictions elsewhere."""
    queryset = queryset.filter(live=True)
    private = restrictions.private(below=below)
    return queryset if private is None else queryset.exclude(private)


def filter_by_tag(queryset, tag):
    """Pages of ``queryset`` tagged ``tag`` (a tag's slug or name, any case);
    ``queryset`` unchanged for an empty ``tag``."""
    if not tag:
        return queryset
    through = queryset.model._meta.get_field("tags").through
    tagged = through.objects.filter(
        Q(tag__slug=tag) | Q(tag__name__iexact=tag), content_object=OuterRef("pk")
    )
    return queryset.filter(Exists(tagged))


def with_thumbnails(queryset):
    """``queryset`` with each page's hero image joined, for
    :func:`load_thumbnails` once the list is read."""
    return queryset.select_related("hero_image")


def load_thumbnails(pages, specs=THUMBNAIL_SPECS):
    """Give the hero images of ``pages`` (from :func:`with_thumbnails`) the
    renditions of ``specs``: from the rendition cache, else in one query for
    the whole list. Returns ``pages``."""
    fetch_renditions((getattr(page, "hero_image", None), specs) for page in pages)
    return pages


def tags_and_categories(page):
    """``{"tag_list": [...], "category_list": [...]}``: the saved tags and
    categories of the article ``page``, each list by name, read in one query
    (a ``UNION ALL`` of the two link tables' rows)."""
    tags = page._meta.get_field("tags")
    categories = page._meta.get_field("categories")
    category_rows = categories.remote_field.through.objects.filter(
        **{categories.m2m_field_name(): page.pk}
    )
    found = {"tag": [], "category": []}
    models = {"tag": tags.related_model, "category": categories.related_model}
    linked = {"tag": "tag_id", "category": categories.m2m_reverse_field_name()}
    rows = [
        models[kind]
        .objects.filter(pk__in=links.values(linked[kind]))
        .annotate(kind=Value(kind, output_field=CharField()))
        .values_list("kind", "pk", "name", "slug")
        .order_by()  # a part of a UNION cannot be ordered on SQLite
        for kind, links in (
            ("tag", tags.through.objects.filter(content_object_id=page.pk)),
            ("category", category_rows),
        )
    ]
    for kind, pk, name, slug in rows[0].union(rows[1], all=True):
        model = models[kind]
        found[kind].append(
            model.from_db(
                rows[0].db, [model._meta.pk.attname, "name", "slug"], [pk, name, slug]
            )
        )
    return {
        "tag_list": sorted(found["tag"], key=lambda tag: tag.name),
        "category_list": sorted(found["category"], key=lambda item: item.name),
    }


def view_restrictions(page):
    """The view restrictions on ``page`` or an ancestor, as Wagtail's
    ``Page.get_view_restrictions`` finds them (an alias counts its source's),
    in one query instead of two: the ancestors' tree paths are prefixes of
    the page's own, so they need no query to be found. No query at all for a
    page that none applies to (see :func:`mark_restricted`)."""
    restricted = getattr(page, "tuidang_restricted", None)
    if restricted is None:
        restricted = mark_restricted(page).tuidang_restricted
    if not restricted:
        return PageViewRestriction.objects.none()
    base = swapper.load_model("wagtailcore", "Page")
    step = page.steplen
    paths = [page.path[:end] for end in range(step, len(page.path) + 1, step)]
    sources = (
        base.objects.filter(path__in=paths)
        .annotate(source_id=Coalesce("alias_of_id", "id"))
        .values("source_id")
    )
    return PageViewRestriction.objects.filter(page_id__in=sources)
