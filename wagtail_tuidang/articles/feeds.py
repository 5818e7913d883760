"""RSS 2.0 (``feed/``) and Atom (``feed/atom/``) of an article index.

Both take the index's filters (``?tag=``, ``?category=``), so a reader can
follow one topic. An item carries the title, link, summary (plain text),
body (sanitised HTML, images from the site only: see
:mod:`wagtail_tuidang.feeds`), date, authors and its tags and categories;
four queries whatever the number of items, plus any the body's blocks make.
"""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..basepage import search_description
from ..feeds import FEED_CLASSES, sanitise_html, xml_text
from ..sharing import hosts
from . import fragments
from .views import read_filters

ROUTE_NAMES = {"rss": "feed", "atom": "feed_atom"}


def feed(page, request, kind):
    """The ``kind`` ("rss" or "atom") feed of ``page``'s latest articles;
    from the cache when it was cached since the last change to any page or
    what articles show (see :mod:`~wagtail_tuidang.articles.fragments`)."""
    if page.get_article_model() is None:
        raise Http404
    filters = read_filters(page, request)
    query = urlencode(filters.query_params())
    name = fragments.addressed_name("feed", request)
    found = fragments.for_page(page, request, [name], kind, query)
    cached = found.get(name)
    if cached is None:
        cached, cacheable = _render_feed(page, request, kind, filters, query)
        if cacheable:
            found.store(name, cached)
    content_type, content = cached
    return HttpResponse(content, content_type=content_type)


def _render_feed(page, request, kind, filters, query):
    """The feed's content type and bytes, and whether they may be cached:
    not when it is empty (its date is the time it was made) or an article's
    body has a block that changes on its own (see
    ``ArticlePageMixin.cacheable_blocks``)."""
    base_url = _base_url(page, request)
    feed_url = base_url + page.reverse_subpage(ROUTE_NAMES[kind])
    generator = FEED_CLASSES[kind](
        title=xml_text(page.title),
        link=base_url + (f"?{query}" if query else ""),
        description=xml_text(
            search_description(page)
            or _("The latest articles of %(title)s") % {"title": page.title}
        ),
        language=get_language(),
        feed_url=feed_url + (f"?{query}" if query else ""),
    )
    articles = list(feed_articles(page, filters))
    for article in articles:
        generator.add_item(**feed_item(article, request))
    content = generator.writeString("utf-8").encode()
    cacheable = bool(articles) and all(
        article.body_is_cacheable() for article in articles
    )
    return (generator.content_type, content), cacheable


def feed_articles(page, filters):
    """The newest :attr:`feed_items` articles, with authors, tags and
    categories fetched for all of them at once."""
    articles = filters.apply(page.get_articles())
    authors = articles.model._meta.get_field("article_authors").related_model
    return articles.prefetch_related(
        Prefetch("article_authors", queryset=authors.objects.select_related("author")),
        "tags",
        "categories",
    )[: page.feed_items]


def feed_item(article, request):
    """The keyword arguments of ``add_item`` for one article."""
    link = hosts.public_url(article.get_full_url(request), request)
    return {
        "title": xml_text(article.title),
        "link": link,
        "unique_id": link,
        "unique_id_is_permalink": True,
        "description": xml_text(article.get_meta_description()),
        "content_html": feed_body(article, request, link),
        "pubdate": article.get_meta_published(),
        "updateddate": article.get_meta_modified(),
        "author_name": xml_text(article.author_names) or None,
        "categories": [
            xml_text(item.name) for item in [*article.tag_list, *article.category_list]
        ],
    }


def feed_body(article, request, link):
    """``article``'s body as HTML a feed reader may show: rendered as on the
    page, then through :func:`~wagtail_tuidang.feeds.sanitise_html`."""
    html = article.body.render_as_block(context={"page": article})
    return sanitise_html(html, link) or None


def _base_url(page, request):
    # On the mirror or onion address the reader came through (see hosts).
    url = page.get_full_url(request) or request.build_absolute_uri(page.url)
    url = hosts.public_url(url, request)
    return url if url.endswith("/") else url + "/"
