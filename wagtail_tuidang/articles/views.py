"""The article list of an index page (route ``""``).

Filters come from ``?tag=<slug>`` and ``?category=<slug>``; ``?page=<n>``
pages through the list. A filter naming no tag or category, or a page
number that is not one of the list's, is a 404: a defined answer, and one
that does not let made-up query strings fill a cache with copies of page 1.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from . import fragments
from .models import ArticleCategory
from .queries import load_thumbnails, with_thumbnails

# A slug (Unicode letters allowed, as Chinese tags have): anything else,
# such as a NUL byte PostgreSQL would refuse, is rejected before any query.
SLUG = re.compile(r"^[-\w]{1,100}$")
PAGE_NUMBER = re.compile(r"^[1-9][0-9]{0,5}$")


@dataclass
class ArticleFilters:
    """The tag and category a list is narrowed to (either may be None)."""

    tag: object = None
    category: ArticleCategory | None = None

    def apply(self, articles):
        """``articles`` narrowed to the tag and the category."""
        if self.tag is not None:
            through = articles.model._meta.get_field("tags").through
            rows = through.objects.filter(tag=self.tag, content_object=OuterRef("pk"))
            articles = articles.filter(Exists(rows))
        if self.category is not None:
            articles = articles.filter(categories=self.category)
        return articles

    def query_params(self):
        """The filters as query-string parameters, for links and feeds."""
        params = {}
        if self.tag is not None:
            params["tag"] = self.tag.slug
        if self.category is not None:
            params["category"] = self.category.slug
        return params

    def __bool__(self):
        return self.tag is not None or self.category is not None


def read_filters(page, request):
    """The :class:`ArticleFilters` of ``request``; Http404 for a value that
    names no tag or category."""
    filters = ArticleFilters()
    model = page.get_article_model()
    tag_slug = _slug(request, "tag")
    if tag_slug is not None:
        tag_model = model._meta.get_field("tags").related_model
        filters.tag = _found(tag_model.objects.filter(slug=tag_slug).first())
    category_slug = _slug(request, "category")
    if category_slug is not None:
        category = ArticleCategory.objects.filter(slug=category_slug).first()
        filters.category = _found(category)
    return filters


def index(page, request):
    """One page of the index's articles, with their thumbnails and authors:
    two queries after routing, and one more for thumbnails' renditions the
    rendition cache lacks; none when the list and its link preview come
    from the cache (see :mod:`~wagtail_tuidang.articles.fragments`). Pages
    are counted by fetching one article more than a page holds, never with
    ``COUNT(*)``."""
    if page.get_article_model() is None:
        raise Http404
    filters = read_filters(page, request)
    number = _page_number(request)
    params = filters.query_params()
    query = urlencode(params)
    names = ["list", fragments.meta_name(request)]
    if page.shows_call_to_action:
        names.append(fragments.CALL_TO_ACTION)
    found = fragments.for_page(page, request, names, "index", query, number)
    fragments.call_to_action(found, page, request)
    listing = _Listing(page, filters, number)
    if not found.has_all():
        listing.read()
    context = {
        "articles": SimpleLazyObject(listing.articles),
        "page_number": number,
        "filters": filters,
        "filter_query": query,
        "previous_url": _page_url(page.url, params, number - 1),
        "next_url": SimpleLazyObject(
            lambda: (
                _page_url(page.url, params, number + 1) if listing.has_next() else None
            )
        ),
        fragments.CONTEXT_NAME: found,
    }
    return page.render(request, context_overrides=context)


class _Listing:
    """The articles of one page of an index, read once, on first use."""

    def __init__(self, page, filters, number):
        self.page, self.filters, self.number = page, filters, number
        self.found = None

    def read(self):
        """Read the page's articles (and one more); Http404 past the last."""
        if self.found is not None:
            return self.found
        page, size = self.page, self.page.articles_per_page
        articles = with_thumbnails(self.filters.apply(page.get_articles()))
        articles = articles.defer("body")
        articles = articles.prefetch_related(_authors_prefetch(articles.model))
        start = (self.number - 1) * size
        found = list(articles[start : start + size + 1])
        if not found and self.number > 1:
            raise Http404
        self.found = found
        load_thumbnails(found[:size])
        return found

    def articles(self):
        return self.read()[: self.page.articles_per_page]

    def has_next(self):
        return len(self.read()) > self.page.articles_per_page


def _authors_prefetch(model):
    rows = model._meta.get_field("article_authors").related_model.objects
    return Prefetch("article_authors", queryset=rows.select_related("author"))


def _slug(request, name):
    value = request.GET.get(name)
    if value is None or value == "":
        return None
    if not SLUG.match(value):
        raise Http404
    return value


def _found(value):
    if value is None:
        raise Http404
    return value


def _page_number(request):
    value = request.GET.get("page", "1")
    if not PAGE_NUMBER.match(value):
        raise Http404
    return int(value)


def _page_url(base_url, params, number):
    """The URL of page ``number`` of the same list, or None before the first."""
    if number < 1:
        return None
    query = urlencode({**params, **({"page": number} if number > 1 else {})})
    return f"{base_url}?{query}" if query else base_url
