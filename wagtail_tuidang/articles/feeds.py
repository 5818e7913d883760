"""RSS 2.0 (``feed/``) and Atom (``feed/atom/``) of an article index.

Both take the index's filters (``?tag=``, ``?category=``), so a reader can
follow one topic. An item carries the title, link, summary, date, authors
and its tags and categories; four queries whatever the number of items.
"""

import re
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .views import read_filters

FEED_CLASSES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
ROUTE_NAMES = {"rss": "feed", "atom": "feed_atom"}
# XML 1.0 cannot carry these; an editor may paste them with a report.
XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed(page, request, kind):
    """The ``kind`` ("rss" or "atom") feed of ``page``'s latest articles."""
    if page.get_article_model() is None:
        raise Http404
    filters = read_filters(page, request)
    base_url = _base_url(page, request)
    query = urlencode(filters.query_params())
    feed_url = base_url + page.reverse_subpage(ROUTE_NAMES[kind])
    generator = FEED_CLASSES[kind](
        title=_xml(page.title),
        link=base_url + (f"?{query}" if query else ""),
        description=_xml(
            page.search_description
            or _("The latest articles of %(title)s") % {"title": page.title}
        ),
        language=get_language(),
        feed_url=feed_url + (f"?{query}" if query else ""),
    )
    for article in feed_articles(page, filters):
        generator.add_item(**feed_item(article, request))
    response = HttpResponse(content_type=generator.content_type)
    generator.write(response, "utf-8")
    return response


def feed_articles(page, filters):
    """The newest :attr:`feed_items` articles, with authors, tags and
    categories fetched for all of them at once."""
    articles = filters.apply(page.get_articles()).defer("body")
    authors = articles.model._meta.get_field("article_authors").related_model
    return articles.prefetch_related(
        Prefetch("article_authors", queryset=authors.objects.select_related("author")),
        "tags",
        "categories",
    )[: page.feed_items]


def feed_item(article, request):
    """The keyword arguments of ``add_item`` for one article."""
    link = article.get_full_url(request)
    return {
        "title": _xml(article.title),
        "link": link,
        "unique_id": link,
        "unique_id_is_permalink": True,
        "description": _xml(article.get_meta_description()),
        "pubdate": article.get_meta_published(),
        "updateddate": article.get_meta_modified(),
        "author_name": _xml(article.author_names) or None,
        "categories": [
            _xml(item.name) for item in [*article.tag_list, *article.category_list]
        ],
    }


def _base_url(page, request):
    url = page.get_full_url(request) or request.build_absolute_uri(page.url)
    return url if url.endswith("/") else url + "/"


def _xml(value):
    return XML_INVALID.sub("", str(value or ""))
