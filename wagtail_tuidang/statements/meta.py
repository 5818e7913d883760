"""What each route of a statement wall says in link previews and JSON-LD.

:func:`route_meta` gives the keyword arguments of
:func:`~wagtail_tuidang.sharing.meta.meta_context` for a route, from the
context its view rendered with. Everything comes from what the route itself
shows: a permalink's preview names the statement by its public name
(:attr:`Statement.public_name`), never by a name not cleared for publication,
and no route says anything of pending, rejected or withdrawn statements.

JSON-LD types: the wall, a day of it and the archive of days are a
``CollectionPage`` whose ``mainEntity`` is an ``ItemList`` of what the page
lists; a permalink is an ``ItemPage`` (a page about one thing) whose
``mainEntity`` is the statement as a ``CreativeWork``; the other routes are a
plain ``WebPage``.
"""

from urllib.parse import urlencode

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from ..basepage import search_description
from ..l10n import format_count, format_date
from ..sharing.buttons import page_share_title

#: Characters of a statement's words in its preview's description.
DESCRIPTION_LENGTH = 200

#: Titles of the routes whose title is their name and the wall's title.
ROUTE_TITLES = {
    "submit": lambda: _("Submit a statement"),
    "submit_done": lambda: _("Statement received"),
    "receipt": lambda: _("Check a receipt"),
    "receipt_card": lambda: _("Receipt card"),
    "verify": lambda: _("Verify a registration number"),
    "stats": lambda: _("Statistics"),
    "days": lambda: _("Statements by day"),
}


def route_meta(page, route, context):
    """``meta_context`` keyword arguments for ``route`` of the wall ``page``."""
    request = context.get("request")
    describe = {
        "index": _wall,
        "detail": _permalink,
        "days": _days,
        "stats": _stats,
    }.get(route, _plain_route)
    return {"page": page, **describe(page, route, context, request)}


def wall_title(page):
    return page_share_title(page)


def statement_headline(statement):
    """“‹name› quit ‹organisations› on ‹date›”, in the active language: the
    title of a permalink's preview."""
    separator = pgettext("list separator", ", ")
    organisations = separator.join(str(org.label) for org in statement.organisations)
    return _("%(name)s quit %(organisations)s on %(date)s") % {
        "name": statement.public_name,
        "organisations": organisations,
        "date": format_date(statement_date(statement)),
    }


def statement_date(statement):
    """The day a statement was declared, else the day it was published."""
    return statement.declared_on or timezone.localdate(statement.published_at)


def _route_url(page, request, name, *args):
    base = page.get_full_url(request) or ""
    if not base.endswith("/"):
        base += "/"
    return base + page.reverse_subpage(name, args=args)


def _wall(page, route, context, request):
    wall = _route_url(page, request, "index")
    permalink = _permalink_url(page, wall)
    items = [
        {"url": permalink(statement.public_id), "name": statement.public_name}
        for statement in context.get("statements", ())
    ]
    meta = {"schema_type": "CollectionPage", "items": items}
    day = context.get("shown_day")
    form = context.get("filter_form")
    only_day = form is not None and set(form.query_params()) == {"day"}
    if day is not None and only_day:
        date = format_date(day)
        meta["title"] = _("Statements of %(date)s") % {"date": date}
        meta["description"] = _("Statements published on %(title)s on %(date)s.") % {
            "title": page.title,
            "date": date,
        }
        meta["url"] = wall + "?" + urlencode({"day": day.isoformat()})
        return meta
    meta["title"] = wall_title(page)
    meta["description"] = search_description(page) or _figures_sentence(page)
    return meta


def _permalink_url(page, wall):
    """A function giving the permalink of a public id below ``wall`` (the
    wall's URL): the route reversed once, not once per statement. A public
    id is made of characters a URL path keeps as they are."""
    marker = "PublicIdMarker"
    route = page.reverse_subpage("detail", args=[marker])
    before, _marker, after = route.partition(marker)
    return lambda public_id: f"{wall}{before}{public_id}{after}"


def _figures_sentence(page):
    total = page.figures["total"]
    sentence = ngettext(
        "%(total)s person has quit the Chinese Communist Party and its organisations.",
        "%(total)s people have quit the Chinese Communist Party and its organisations.",
        total,
    )
    return sentence % {"total": format_count(total)}


def _permalink(page, route, context, request):
    statement = context["statement"]
    words = " ".join(statement.text.split())
    entity = {
        "@type": "CreativeWork",
        "name": statement_headline(statement),
        "author": {"@type": "Person", "name": statement.public_name},
        "datePublished": statement.published_at.isoformat(),
        "about": [
            {"@type": "Organization", "name": str(org.label)}
            for org in statement.organisations
        ],
    }
    if words:
        entity["text"] = statement.text
    return {
        "schema_type": "ItemPage",
        "title": statement_headline(statement),
        "description": Truncator(words).chars(DESCRIPTION_LENGTH)
        or _("A statement published on %(title)s.") % {"title": page.title},
        "main_entity": entity,
    }


def _days(page, route, context, request):
    wall = _route_url(page, request, "index")
    items = [
        {
            "url": wall + "?" + urlencode({"day": entry.day.isoformat()}),
            "name": format_date(entry.day),
        }
        for entry in context.get("days", ())
    ]
    return {
        "schema_type": "CollectionPage",
        "items": items,
        "title": _plain_title(page, route),
        "description": _("Every day with statements published on %(title)s.")
        % {"title": page.title},
    }


def _stats(page, route, context, request):
    return {
        "title": _plain_title(page, route),
        "description": _figures_sentence(page),
    }


def _plain_route(page, route, context, request):
    return {"title": _plain_title(page, route)}


def _plain_title(page, route):
    name = ROUTE_TITLES.get(route)
    if name is None:
        return wall_title(page)
    return f"{name()} · {page.title}"
