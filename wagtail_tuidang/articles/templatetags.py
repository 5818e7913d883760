"""Article template tags, loaded through ``{% load wagtail_tuidang_tags %}``.

``{% related_articles page 4 as related %}``: the page's related and
recommended pages (see :func:`~wagtail_tuidang.articles.related.related_pages`).

``{% latest_articles index 5 tag="人权" as articles %}``: the newest live,
public articles of an index, optionally of one tag or category slug, with
their thumbnails' renditions.

``{% newest_articles 3 as articles %}``: the newest live, public articles
of every index in the active language (what a statement wall shows beside
its statements), with their thumbnails' renditions.

``{% tuidang_image image "fill-480x270" alt="" loading="lazy" %}``: the same
``<img>`` as Wagtail's ``{% image %}``, cheaper where a page shows many
(see :func:`~wagtail_tuidang.renditions.rendition`); nothing without an image.
"""

from django import template

from ..renditions import rendition
from . import queries, related
from .models import ArticleCategory

register = template.Library()

#: Most articles ``latest_articles`` returns.
MAX_LATEST = 50


@register.simple_tag
def related_articles(page, limit=6):
    """Up to ``limit`` related pages of ``page``, editor picks first; each
    has ``related_is_pick``."""
    return related.related_pages(page, limit=_clamp(limit, 6))


@register.simple_tag
def latest_articles(index, count=5, tag="", category=""):
    """The newest ``count`` articles of ``index`` (any page built on
    ``ArticleIndexPageMixin``), narrowed to a tag (slug or name) and a
    category slug when given; an empty list for anything else."""
    if index is None or not hasattr(index, "get_articles") or not index.live:
        return []
    articles = queries.filter_by_tag(index.get_articles(), str(tag).strip())
    if category:
        articles = articles.filter(
            categories__in=ArticleCategory.objects.filter(slug=str(category))
        )
    articles = queries.with_thumbnails(articles).defer("body")
    return queries.load_thumbnails(list(articles[: _clamp(count, 5)]))


@register.simple_tag
def newest_articles(count=3):
    """The newest ``count`` articles of any index in the active language
    (two queries; see :func:`~wagtail_tuidang.articles.related.latest_articles`);
    none when the active language is none of the site's content languages."""
    try:
        return related.latest_articles(_clamp(count, 3))
    except LookupError:
        return []


@register.simple_tag
def tuidang_image(image, spec, **attrs):
    """``<img>`` of the rendition ``spec`` of ``image`` with ``attrs``, as
    ``{% image image spec attr=… %}`` renders it; ``""`` without an image."""
    if not image:
        return ""
    return rendition(image, spec).img_tag(attrs)


def _clamp(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = default
    return min(max(number, 1), MAX_LATEST)
