"""Query pieces shared by the index, the feeds, the blocks and related posts.

Each returns a queryset (or a condition) to compose, never a list, so that a
listing stays one SQL statement whatever it combines.
"""

import swapper
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Value,
)
from django.db.models.functions import Coalesce, Length, Substr
from wagtail.models import PageViewRestriction

from ..renditions import fetch_renditions

#: Renditions of the small image beside an article in lists; keep in step
#: with ``_article_card.html``.
THUMBNAIL_SPECS = ("fill-480x270",)


def restricted(path="path"):
    """True for a page (whose tree path is the field ``path``) with a view
    restriction on itself or an ancestor, or on the page an ancestor is an
    alias of (Wagtail gives an alias its source's restrictions): private,
    not public. A condition, for ``filter()``, ``exclude()`` and ``When()``.

    Wagtail's ``PageQuerySet.public()`` first reads every restriction of the
    site, which costs a query of its own; this is a subquery of the listing's
    and reads only the restrictions' rows (a site has few).
    """
    on_path = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef(path), 1, Length("page__path"))
    )
    on_source = PageViewRestriction.objects.filter(
        page__aliases__path=Substr(OuterRef(path), 1, Length("page__aliases__path"))
    )
    return Exists(on_path) | Exists(on_source)


def with_restricted_flag(queryset):
    """``queryset`` with each page's ``tuidang_restricted``: False when no
    view restriction applies to it, so that its view needs no query to find
    them (see :func:`view_restrictions`)."""
    flag = ExpressionWrapper(restricted(), output_field=BooleanField())
    return queryset.annotate(tuidang_restricted=flag)


def live_and_public(queryset):
    """The live pages of ``queryset`` that anyone may see."""
    return queryset.filter(live=True).exclude(restricted())


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
    page read through :func:`with_restricted_flag` that has none."""
    if getattr(page, "tuidang_restricted", None) is False:
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
