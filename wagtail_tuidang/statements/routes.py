"""A wall's own pages, ``submit/`` and permalink routes found without
Wagtail's walk down the page tree.

Wagtail routes a request by reading the site, the locale and each page on the
way from the site's root down to the wall: about half the cost of a
submission. :class:`~wagtail_tuidang.middleware.SubmitRouteMiddleware`
remembers, in each process, where the wall itself (its listing, at its own
path), ``submit/`` or a permalink ``s/<id>/`` below a given host, path and
language led (one entry per wall and route, not per statement: every page
of the listing, whatever its query string, and every permalink share one),
and the next time reads only the site and the wall itself (both of which
the response needs anyway; from the cache while no page, site or view
restriction has changed, see :func:`_site_and_wall`), then hands Wagtail
the route it would have found (``request._wagtail_route_for_request``,
Wagtail's own per-request cache of its routing). Wagtail then serves the
page as usual, its view restriction check included: the query that reads
the wall also tells whether any view restriction applies to it or to a page
above it, so that on a public wall the check needs no query of its own.

A remembered route is used only while it is still the one Wagtail would
find: the request's site is the same, Wagtail's list of site root paths
(every site's hostname, root page and root translations) is unchanged, the
wall still has the same URL path and tree path (it was not moved or
renamed, nor was any page above it) and it is live. Anything else, and the
request is routed by Wagtail as if nothing had been remembered.
"""

import re
import threading
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Site

from ..articles import cache as content_cache
from . import walls
from .mixins import UNRESTRICTED, StatementIndexPageMixin, view_restrictions

#: Routes remembered per process; past this many, they are forgotten at once.
MAX_ROUTES = 1000
#: The routes of a wall below its path that are looked up this way, by the
#: end of the request's path: the statement form (and the page after
#: sending) and the permalinks. Each maps to its URL name. Any other path
#: ending in a slash may be a wall's listing (URL name "index"), for a GET.
TAIL = re.compile(r"/(submit/|s/[-_A-Za-z0-9]{1,32}/)\Z")
ROUTES = {"submit": "submit", "s": "detail"}
LISTING = "index"

#: Where the site of a host name and port, and a remembered wall, are kept
#: (see :func:`_site_and_wall`).
SITE_KEY = "wagtail_tuidang:routes:site-and-root-paths"
WALL_KEY = "wagtail_tuidang:routes:wall"
#: Seconds they are kept: an edit made while the cache could not be told
#: (its generations not moved), such as a wall made private during a
#: network split, shows within this time, never later.
TIMEOUT = 60

_routes = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Route:
    """Where a request for a route led, and what must not have changed."""

    model: str  # "app_label.ModelName" of the wall
    page_id: int
    url_path: str
    path: str  # its place in the page tree
    site_id: int
    root_paths: tuple
    route: str  # its URL name ("submit" or "detail")


def wants(request):
    """Whether the request may be for a remembered route."""
    return request.method in ("GET", "HEAD", "POST") and _parts(request) is not None


def _parts(request):
    """(the wall's path, the route's URL name, its path components below the
    wall) that ``request`` may be for, or None."""
    path = request.path_info
    tail = TAIL.search(path)
    if tail is not None:
        components = tail.group(1).strip("/").split("/")
        return path[: tail.start() + 1], ROUTES[components[0]], components
    if request.method in ("GET", "HEAD") and path.endswith("/"):
        return path, LISTING, []
    return None


def _key(request):
    """(host, the wall's path, route, language): every page of a wall's
    listing, and every permalink of a wall, shares one entry."""
    wall_path, name, _components = _parts(request)
    return (request.get_host(), wall_path, name, get_language())


def _root_paths(request):
    """Wagtail's site root paths, kept on the request as Wagtail keeps them
    there itself (``Page.get_url`` reads them again when rendering)."""
    paths = getattr(request, "_wagtail_cached_site_root_paths", None)
    if paths is None:
        paths = Site.get_site_root_paths()
        request._wagtail_cached_site_root_paths = paths
    return tuple(paths)


def route(request):
    """Set Wagtail's route for ``request`` from a remembered route, if that
    route is still the one Wagtail would find; returns True if it did."""
    known = _routes.get(_key(request))
    if known is None:
        return False
    site, page = _site_and_wall(request, known)
    if (
        site is None
        or site.pk != known.site_id
        or _root_paths(request) != known.root_paths
    ):
        return _forget(request)
    if page is None or not page.live or page.url_path != known.url_path:
        return _forget(request)
    if page.path != known.path:
        return _forget(request)
    components = _parts(request)[2]
    try:
        result = page.route(request, components)
    except Http404:  # the route no longer resolves
        return _forget(request)
    match = getattr(request, "routable_resolver_match", None)
    if result.page is not page or match is None or match.url_name != known.route:
        return _forget(request)  # a child page, or another route, answers now
    request._wagtail_route_for_request = result
    return True


def _site_and_wall(request, known):
    """The request's site, as Wagtail's ``Site.find_for_request`` finds it
    from the request's host name and port (with Wagtail's site root paths,
    which it keeps on the request), and the remembered route's wall as
    :func:`_wall` reads it: both kept in the cache (under that host name
    and port, and under the wall's id) until a page is published,
    unpublished, moved or deleted, a view restriction changes, or a site or
    a locale is edited (the generations of
    :mod:`wagtail_tuidang.articles.cache`, which move on every such edit;
    everything the checks of :func:`route` and the page's rendering read of
    them), and for at most :data:`TIMEOUT` seconds. One cache round trip
    instead of two queries and Wagtail's own read of the root paths; each
    is read from the database when missing, stale or while the cache fails.
    Only a host that ``ALLOWED_HOSTS`` accepts gets here (``_key`` asked)."""
    hostname = split_domain_port(request._get_raw_host())[0]
    site_key = f"{SITE_KEY}:{hostname}:{request.get_port()}"
    # With localisation the wall carries the id of the page holding its
    # statements: a wall read without it must not serve a site with it.
    localised = int(walls.localisation_enabled())
    wall_key = f"{WALL_KEY}:{known.page_id}:{localised}"
    generations, found = content_cache.read_with_generations([site_key, wall_key])
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        site, root_paths = content_cache.kept(
            found,
            generations,
            site_key,
            lambda: (Site.find_for_request(request), _root_paths(request)),
            keep=_site_found,
            timeout=TIMEOUT,
        )
        request._wagtail_site = site
        if not hasattr(request, "_wagtail_cached_site_root_paths"):
            request._wagtail_cached_site_root_paths = list(root_paths)
    page = content_cache.kept(
        found,
        generations,
        wall_key,
        lambda: _wall(known).first(),
        keep=_found,
        timeout=TIMEOUT,
    )
    return site, page


def _found(value):
    return value is not None


def _site_found(value):
    return value[0] is not None


def _wall(known):
    """The wall as one query, with whether no view restriction applies to
    it (what Wagtail's check would read next) and, with localisation, with
    the id of the page holding its statements (what ``walls.wall_id``
    would)."""
    model = apps.get_model(known.model)
    restricted = Exists(view_restrictions(known.path, model.steplen))
    pages = model._default_manager.filter(pk=known.page_id).annotate(
        **{UNRESTRICTED: ~restricted}
    )
    if not walls.localisation_enabled():
        return pages
    oldest = walls.page_model().objects.filter(
        translation_key=OuterRef("translation_key")
    )
    return pages.annotate(
        **{walls.CACHED_WALL_ID: Subquery(oldest.order_by("pk").values("pk")[:1])}
    )


def _forget(request):
    _routes.pop(_key(request), None)
    return False


def remember(request):
    """Remember where Wagtail routed ``request``, if it led to one of
    :data:`ROUTES` of a wall."""
    result = getattr(request, "_wagtail_route_for_request", None)
    match = getattr(request, "routable_resolver_match", None)
    if result is None or match is None or match.url_name != _key(request)[2]:
        return
    page = result[0]
    site = Site.find_for_request(request)
    if not isinstance(page, StatementIndexPageMixin) or site is None:
        return
    known = Route(
        model=page._meta.label,
        page_id=page.pk,
        url_path=page.url_path,
        path=page.path,
        site_id=site.pk,
        root_paths=_root_paths(request),
        route=match.url_name,
    )
    with _lock:
        if len(_routes) >= MAX_ROUTES:
            _routes.clear()
        _routes[_key(request)] = known


def forget_all():
    """Forget every remembered route of this process."""
    _routes.clear()
