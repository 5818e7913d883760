"""Template tags for statement walls, merged into ``{% load wagtail_tuidang_tags %}``.

- ``{% tuidang_figures page as figures %}``: the cached figures of an index page
  (``total``, ``party``, ``youth_league``, ``young_pioneers``, ``today``,
  ``yesterday``, ``this_week``, ``this_month``, ``statements``).
- ``{% tuidang_total page %}``: the total, formatted as ``|tuidang_large``
  does (see ``wagtail_tuidang.l10n``).
- ``{% tuidang_route_url page "stats" %}``: a route's URL below an index page,
  with or without a request in the context.
- ``{% tuidang_statement_url page as url %}``: the permalink of the statement a
  featured statement page links to, or None unless it is published.
- ``{% tuidang_card_labels as labels %}``: the headings of a statement card
  (``quits``, ``people``, ``region``, ``declared``), translated once per
  language rather than once per card.
- ``{% tuidang_statement_cards statements as cards %}`` and
  ``{% tuidang_statement_card cards statement %}``: the cards of a page of
  statements, rendered from ``_statement.html`` once and cached (see
  :mod:`.cards`), then placed one by one.
- ``{% tuidang_news_state as state %}``: what the newest articles a wall
  shows depend on besides the language, for ``{% tuidang_cache %}``.
- ``{% tuidang_call_to_action page %}``: the running total and a link to the
  statement form of the wall of ``page``'s site and language (or of the wall
  given as ``wall=``), for articles, news indexes and permalinks.
- ``{{ page.intro|in_reader_script|richtext }}``: an editor's text (plain or
  rich) in the reader's Chinese script (see ``wording``).
"""

from django import template
from wagtail.models import Site

from ..articles import cache as article_cache
from ..l10n import format_large
from . import cards, labels, tallies, walls
from .index_pages import statement_index_pages
from .models import Statement
from .wording import html_in_reader_script

register = template.Library()


@register.filter
def in_reader_script(value):
    """An editor's text, plain or rich (HTML), in the reader's Chinese script:
    Traditional for zh-hant readers, Simplified for zh-hans readers."""
    return html_in_reader_script(value)


@register.simple_tag
def tuidang_figures(page):
    """The figures of an index page (cached; one query on a miss)."""
    if not hasattr(page, "baseline_total"):
        page = page.specific  # one query, rather than one per baseline field
    return tallies.get_figures(page)


@register.simple_tag
def tuidang_card_labels():
    """The headings of a statement card in the active language (see
    :func:`.labels.card`)."""
    return labels.card()


@register.simple_tag(takes_context=True)
def tuidang_statement_cards(context, statements):
    """The cards of ``statements`` as ``{% include
    "wagtail_tuidang/statements/_statement.html" %}`` renders each, fetched
    from the cache together (see :mod:`.cards`); for
    ``{% tuidang_statement_card %}``."""
    return cards.render_cards(context, list(statements))


@register.simple_tag(takes_context=True)
def tuidang_statement_card(context, rendered, statement):
    """The card of ``statement`` from ``{% tuidang_statement_cards %}``,
    rendered here if it was not among them."""
    card = rendered.get(statement.pk) if isinstance(rendered, dict) else None
    if card is None:
        card = cards.render_cards(context, [statement])[statement.pk]
    return card


@register.simple_tag(takes_context=True)
def tuidang_news_state(context):
    """What ``{% newest_articles %}`` shows depends on besides the language:
    the request's site and every site's root paths (the articles'
    addresses), and the generations of the article cache, which go up when
    a page is published, unpublished, moved or made private, or an author,
    tag, category or image is edited (see :mod:`..articles.cache`)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    paths = getattr(request, "_wagtail_cached_site_root_paths", None)
    if paths is None:
        paths = Site.get_site_root_paths()
    return (
        site.pk if site is not None else None,
        tuple(paths),
        article_cache.generations(),
    )


@register.simple_tag
def tuidang_total(page):
    """The public total of an index page, as ``|tuidang_large`` shows it."""
    return format_large(tuidang_figures(page)["total"])


@register.simple_tag(takes_context=True)
def tuidang_route_url(context, page, route, *args):
    """The URL of ``route`` below ``page``, relative to the current site."""
    return route_url(page, route, *args, request=context.get("request"))


@register.simple_tag(takes_context=True)
def tuidang_statement_url(context, page):
    """The permalink of ``page.statement`` if it is published on a live wall,
    else None; with localisation, below the wall's translation in the active
    language. One query (two with localisation)."""
    if not getattr(page, "statement_id", None):
        return None
    statement = (
        Statement.objects.published()
        .filter(pk=page.statement_id, index_page__live=True)
        .select_related("index_page")
        .defer("contact_encrypted")
        .first()
    )
    if statement is None:
        return None
    wall = statement.index_page
    if walls.localisation_enabled():
        wall = wall.localized  # the wall's translation in the reader's language
    request = context.get("request")
    return route_url(wall, "detail", statement.public_id, request=request)


@register.inclusion_tag(
    "wagtail_tuidang/statements/_call_to_action.html", takes_context=True
)
def tuidang_call_to_action(context, page=None, wall=None, heading=""):
    """The running total and "Publish your statement" of ``wall``, or of the
    wall :func:`wall_for` finds for ``page``; nothing without a wall."""
    request = context.get("request")
    if wall is None and page is not None:
        wall = wall_for(page, request)
    if wall is None:
        return {"wall": None}
    wall = wall.specific if not hasattr(wall, "baseline_total") else wall
    return {
        "wall": wall,
        "heading": heading,
        "figures": tallies.get_figures(wall),
        "wall_url": route_url(wall, "index", request=request),
        "submit_url": route_url(wall, "submit", request=request)
        if getattr(wall, "submissions_open", True)
        else None,
    }


#: Where :func:`wall_for` remembers its answer on the request.
_WALL_ON_REQUEST = "_tuidang_call_to_action_wall"


def wall_for(page, request=None):
    """The wall a page outside any wall leads to: the first live statement
    index page, in tree order, in ``page``'s language and below the same
    top-level page (the site's root, or its translation). One query, and one
    more for the wall's own type when there is one; once per request."""
    cache = _walls_on(request)
    top = page.path[: 2 * page.steplen]
    key = (top, page.locale_id)
    if key not in cache:
        found = (
            statement_index_pages(translations=True)
            .live()
            .filter(path__startswith=top, locale_id=page.locale_id)
            .first()
        )
        cache[key] = found.specific if found is not None else None
    return cache[key]


def remember_wall_for(page, request, wall):
    """Make :func:`wall_for` answer ``wall`` for ``page`` during ``request``
    without a query: for a caller that cached its answer across requests."""
    if request is not None:
        _walls_on(request)[(page.path[: 2 * page.steplen], page.locale_id)] = wall


def _walls_on(request):
    """The answers of :func:`wall_for` remembered on ``request`` (a new dict
    without one), by top-level path and locale. One attribute with a name:
    a key that is not a string in the request's ``__dict__`` breaks
    ``dir(request)``, which templates call on a missing attribute."""
    if request is None or not hasattr(request, "__dict__"):
        return {}
    return request.__dict__.setdefault(_WALL_ON_REQUEST, {})


def route_url(page, route, *args, request=None):
    """The URL of a named route of a routable page. Needs no request (blocks
    are also rendered outside one) and no query once site roots are cached."""
    page = with_routes(page)
    base = page.get_url(request=request)
    if base is None:
        return None
    if not base.endswith("/"):
        base += "/"
    return base + page.reverse_subpage(route, args=args)


def with_routes(page):
    """``page`` as its specific class, which knows its routes. A generic Page
    (from a foreign key to Wagtail's page model) is converted without a query:
    only its class and URL path are needed."""
    if hasattr(page, "reverse_subpage"):
        return page
    return page.specific_deferred
