"""RSS 2.0 (``feed/``) and Atom (``feed/atom/``) of the latest published
statements of one index page.

An item carries only what the wall shows: the public name, the organisations
quit, the text and the permalink. Never contact details, never a real name not
cleared for publication. Everything a submitter wrote goes out as plain text
(see :mod:`wagtail_tuidang.feeds`): no reader ever renders it as markup.
"""

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ...basepage import search_description
from ...feeds import FEED_CLASSES, xml_text
from ...sharing import hosts
from .listing import published_statements

#: Statements in a feed, newest first.
FEED_ITEMS = 50
ROUTE_NAMES = {"rss": "feed", "atom": "feed_atom"}


def feed(request, page, kind):
    """The ``kind`` ("rss" or "atom") feed of ``page``'s latest statements."""
    base_url = _page_url(request, page)
    generator = FEED_CLASSES[kind](
        title=xml_text(page.title),
        link=base_url,
        description=xml_text(
            search_description(page)
            or _("Statements published on %(title)s") % {"title": page.title}
        ),
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
        "title": xml_text(statement.public_name),
        "link": permalink,
        "unique_id": permalink,
        "unique_id_is_permalink": True,
        "description": xml_text(statement.text),
        "pubdate": statement.published_at,
        "updateddate": statement.published_at,
        "categories": [str(org.label) for org in statement.organisations],
    }


def _page_url(request, page):
    # On the mirror or onion address the reader came through (see hosts).
    url = page.get_full_url(request) or request.build_absolute_uri(page.url)
    url = hosts.public_url(url, request)
    return url if url.endswith("/") else url + "/"
