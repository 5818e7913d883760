"""RSS 2.0 (``feed/``) and Atom (``feed/atom/``) of the latest published
statements of one index page.

An item carries only what the wall shows: the public name, the organisations
quit, the text and the permalink. Never contact details, never a real name not
cleared for publication.
"""

import re

from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .listing import published_statements

#: Statements in a feed, newest first.
FEED_ITEMS = 50
FEED_CLASSES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
ROUTE_NAMES = {"rss": "feed", "atom": "feed_atom"}
# XML 1.0 cannot carry these. The form refuses them, but rows also come from
# imports and the admin: strip them rather than fail the whole feed.
XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed(request, page, kind):
    """The ``kind`` ("rss" or "atom") feed of ``page``'s latest statements."""
    base_url = _page_url(request, page)
    generator = FEED_CLASSES[kind](
        title=page.title,
        link=base_url,
        description=page.search_description
        or _("Statements published on %(title)s") % {"title": page.title},
        language=get_language(),
        feed_url=base_url + page.reverse_subpage(ROUTE_NAMES[kind]),
    )
    for statement in published_statements(page).newest_first()[:FEED_ITEMS]:
        generator.add_item(**feed_item(page, statement, base_url))
    response = HttpResponse(content_type=generator.content_type)
    generator.write(response, "utf-8")
    return response


def feed_item(page, statement, base_url):
    """The keyword arguments of ``add_item`` for one statement."""
    permalink = base_url + page.reverse_subpage("detail", args=[statement.public_id])
    return {
        "title": _xml_text(statement.public_name),
        "link": permalink,
        "unique_id": permalink,
        "unique_id_is_permalink": True,
        "description": _xml_text(statement.text),
        "pubdate": statement.published_at,
        "updateddate": statement.published_at,
        "categories": [str(org.label) for org in statement.organisations],
    }


def _page_url(request, page):
    url = page.get_full_url(request) or request.build_absolute_uri(page.url)
    return url if url.endswith("/") else url + "/"


def _xml_text(value):
    return XML_INVALID.sub("", value)
