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

``{% tuidang_fragment "main" %}…{% endtuidang_fragment %}``: the markup
between the tags, from the cache when the page read it there (see
:mod:`~wagtail_tuidang.articles.fragments`), else rendered (and stored).
"""

import hashlib

from django import template

from ..renditions import rendition
from . import fragments, queries, related
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


class FragmentNode(template.Node):
    """``{% tuidang_fragment %}``: see :func:`tuidang_fragment`."""

    def __init__(self, name, nodelist, source_digest):
        self.name = name
        self.nodelist = nodelist
        self.source_digest = source_digest

    def render(self, context):
        found = context.get(fragments.CONTEXT_NAME)
        if not found or self.name not in found.names:
            return self.nodelist.render(context)
        before = fragments.assets_seen(context)
        cached = found.get(self.name)
        if cached is not None:
            digest, seen, html, linked = cached
            # The same template, in the same state (what the render had
            # linked before): the same markup, linking the same assets.
            if digest == self.source_digest and seen == before:
                fragments.replay_assets(context, linked)
                return html
        html = self.nodelist.render(context)
        after = fragments.assets_seen(context)
        linked = (after[0] - before[0], after[1] - before[1])
        found.store(self.name, (self.source_digest, before, html, linked))
        return html


@register.tag
def tuidang_fragment(parser, token):
    """``{% tuidang_fragment "name" %}…{% endtuidang_fragment %}``: a part of
    a page that depends on its published content alone (never on the
    request, the user or the time), cached as the page's fragment ``name``
    when the page read its fragments (an article page reads ``header``,
    ``main``, ``authors`` and ``related``; an article index ``list``);
    rendered as usual anywhere else."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][:1] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            'tuidang_fragment takes one quoted name: {% tuidang_fragment "main" %}'
        )
    nodelist = parser.parse(("endtuidang_fragment",))
    parser.delete_first_token()
    return FragmentNode(bits[1][1:-1], nodelist, _source_digest(parser))


def _source_digest(parser):
    """A digest of the template being compiled: a fragment cached from
    another version of the template is never shown."""
    digests = parser.extra_data.setdefault("tuidang_fragment_digests", {})
    origin = getattr(parser, "origin", None)
    name = getattr(origin, "name", None)
    if name not in digests:
        try:
            source = origin.loader.get_contents(origin)
        except Exception:  # no loader (a template from a string), or unreadable
            source = ""
        digests[name] = hashlib.sha1(
            source.encode(), usedforsecurity=False
        ).hexdigest()[:12]
    return digests[name]


def _clamp(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = default
    return min(max(number, 1), MAX_LATEST)
