"""Rendered parts of article pages and indexes, cached.

Most of what an article page shows depends on published content alone: its
header and byline, its body, source, tags and authors, its related cards,
its link preview. Rendering them (a few dozen template includes and
translations) costs more than everything else a page view does. A page reads
its fragments from the cache in one round trip before it renders
(:func:`for_page`); its template marks each with
``{% tuidang_fragment "name" %}…{% endtuidang_fragment %}``, which uses the
cached markup or renders and stores it. What depends on the request or
changes on its own (the share bar, the call to action, the language switcher,
the site's frame) stays outside.

A fragment's key names the page, its last publication, the active language
and time zone, the request's site and the code's version; its value holds the
generations of :mod:`~wagtail_tuidang.articles.cache` it was rendered under,
read in the same round trip and compared on every read. Those generations
change whenever any page is published, unpublished, moved or deleted, a view
restriction changes, or an author, category, tag, image, document, site or
the share settings are edited (see :mod:`~wagtail_tuidang.articles.signals`):
a page never shows a related card, a name or an image older than that.

Nothing is cached for a preview, a private page (see
:mod:`~wagtail_tuidang.articles.restrictions`) or a page rendered for the
static mirror; a cache that fails is a miss (the page renders as without
it). Entries expire after :data:`TIMEOUT` seconds whatever happens.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.models import Site

from .. import __version__
from .. import cache as forgiving
from ..layout.head import CONTEXT_NAME as LAYOUT_CONTEXT_NAME
from ..mirror import mirror_of, mirror_public_url
from ..sharing import buttons, hosts, meta
from ..sharing import templatetags as share_tags
from . import cache, restrictions

#: Seconds a fragment stays cached: the most it can be out of date when the
#: signals are not connected.
TIMEOUT = 60 * 60
#: The context variable holding the :class:`Fragments` of one render.
CONTEXT_NAME = "tuidang_fragments"
#: Where blocks remember the assets a request linked (see
#: :func:`~wagtail_tuidang.articles.blocks.first_on_request`).
REQUEST_ASSETS = "_tuidang_assets"
#: Where share bars remember that one linked their stylesheet and script
#: (see :func:`~wagtail_tuidang.sharing.buttons.first_bar_on_request`).
SHARE_ASSETS = "_tuidang_share_assets"


class Fragments:
    """The cached fragments of one render of one page, read together.

    :meth:`get` gives a fragment's cached value (None on a miss),
    :meth:`store` caches one; both do nothing for a name that was not read.
    """

    def __init__(self, prefix=None, names=(), generations=None, found=None):
        self.prefix = prefix
        self.names = tuple(names) if prefix else ()
        self.generations = generations
        self.found = found or {}

    @classmethod
    def read(cls, prefix, names):
        """The fragments ``names`` under ``prefix``, with the current
        generations: one round trip to the cache."""
        keys = {name: f"{prefix}:{name}" for name in names}
        generations, values = cache.read_with_generations(list(keys.values()))
        found = {}
        for name, key in keys.items():
            value = values.get(key)
            if isinstance(value, tuple) and len(value) == 2:
                if value[0] == generations:
                    found[name] = value[1]
        return cls(prefix, names, generations, found)

    def __bool__(self):
        return bool(self.names)

    def get(self, name):
        """The cached value of fragment ``name``, or None."""
        return self.found.get(name)

    def has_all(self, names=None):
        """Whether every fragment of ``names`` (default: all read) was found."""
        names = self.names if names is None else names
        return bool(self.names) and all(name in self.found for name in names)

    def store(self, name, value):
        """Cache ``value`` as fragment ``name`` (if it was read)."""
        if name not in self.names:
            return
        self.found[name] = value
        key = f"{self.prefix}:{name}"
        forgiving.set(key, (self.generations, value), TIMEOUT)


def off():
    """Fragments that are never cached: every :meth:`~Fragments.get` misses."""
    return Fragments()


def may_cache(page, request):
    """Whether what ``page`` shows to ``request`` may be read from and
    written to the cache: not for a preview (a draft), an unsaved or private
    page, or a render for the static mirror."""
    if request is None or page is None or page.pk is None:
        return False
    if getattr(request, "is_preview", False):
        return False
    if mirror_of(request) or mirror_public_url(request):
        return False
    restricted = getattr(page, "tuidang_restricted", None)
    if restricted is None:
        restricted = restrictions.is_restricted(page.path)
    return not restricted


def for_page(page, request, names, *parts):
    """The :class:`Fragments` ``names`` of ``page`` as ``request`` reads it,
    further named by ``parts`` (e.g. a page number); :func:`off` when the
    page may not be cached (see :func:`may_cache`)."""
    if not names or not may_cache(page, request):
        return off()
    return Fragments.read(prefix(page, request, *parts), names)


def prefix(page, request, *parts):
    """The start of the keys of ``page``'s fragments for ``request``."""
    stamp = page.last_published_at.timestamp() if page.last_published_at else "-"
    site = Site.find_for_request(request)
    variant = "|".join(
        str(part)
        for part in (
            __version__,
            translation.get_language() or "-",
            timezone.get_current_timezone_name(),
            site.pk if site is not None else "-",
            *parts,
        )
    )
    digest = hashlib.sha1(variant.encode(), usedforsecurity=False).hexdigest()[:16]
    return f"wagtail_tuidang:articles:fragment:{page.pk}:{stamp}:{digest}"


def cached_child(parent, slug, read):
    """The child page of ``parent`` at ``slug``: from the cache, else
    ``read()`` (a page, or None) and cached when it is live and public.

    A page's row changes with its publication, unpublication, move or
    deletion, or a save of the whole live page, all of which change the
    generations its cached copy was stored with; an editor's draft changes
    only fields no page view reads."""
    name = hashlib.sha1(
        slug.encode(errors="surrogatepass"), usedforsecurity=False
    ).hexdigest()[:16]
    key = f"wagtail_tuidang:articles:child:{parent.pk}:{name}"
    generations, values = cache.read_with_generations([key])
    value = values.get(key)
    if isinstance(value, tuple) and len(value) == 2 and value[0] == generations:
        return value[1]
    page = read()
    if page is not None and page.live and not restrictions.is_restricted(page.path):
        forgiving.set(key, (generations, page), TIMEOUT)
    return page


def request_address(request):
    """What a fragment with absolute URLs on the reader's host (share links,
    Open Graph) also depends on: the scheme, mirror or onion host and path
    the request came through."""
    host = hosts.request_host(request) or ""
    return f"{request.scheme}://{host}{request.path}"


def meta_name(request):
    """The fragment name of a page's link preview (Open Graph, Twitter card,
    JSON-LD) as ``request`` reads it: its URLs are on the reader's host."""
    return addressed_name("meta", request)


def addressed_name(name, request):
    """``name`` extended by where ``request`` was made (see
    :func:`request_address`), for a fragment with absolute URLs."""
    if request is None:
        return name
    address = request_address(request).encode()
    return f"{name}:" + hashlib.sha1(address, usedforsecurity=False).hexdigest()[:12]


def meta_html(found, name, meta_kwargs, request):
    """The markup ``{% tuidang_head %}`` renders for ``meta_kwargs`` (see
    :func:`~wagtail_tuidang.sharing.meta.meta_context`): the cached fragment
    ``name`` of ``found``, else rendered and stored; None when ``found``
    caches nothing (the head tag then renders it)."""
    if not found or name not in found.names:
        return None
    html = found.get(name)
    if html is None:
        data = meta.meta_context(request=request, **meta_kwargs)
        html = render_to_string(meta.TEMPLATE, data, request)
        found.store(name, html)
    return html


def share_bar_name(request):
    """The fragment name of a page's share bar as ``request`` reads it: its
    links are on the reader's host and at the request's path."""
    return addressed_name("share", request)


def share_bar_shown(found, page, request):
    """Whether ``page`` shows a share bar (``{% share_buttons page %}``) to
    ``request``. Its markup (``""`` for none) is cached in ``found`` and
    given to the tag for this request, which shows it once the head has
    linked the bar's stylesheet and script, as it has when there is a bar."""
    name = share_bar_name(request)
    if not found or name not in found.names:
        return buttons.bar_is_shown(buttons.request_bar_context(page, request))
    html = found.get(name)
    if html is None:
        shown = buttons.bar_is_shown(buttons.request_bar_context(page, request))
        html = share_tags.render_bar(page, request) if shown else ""
        found.store(name, html)
    if not html:
        return False
    share_tags.remember_bar(page, request, html)
    return True


#: The fragment name of the wall whose call to action a page shows.
CALL_TO_ACTION = "call-to-action"


def call_to_action(found, page, request):
    """Find the wall of ``{% tuidang_call_to_action page %}`` (see
    :func:`~wagtail_tuidang.statements.wall_tags.wall_for`) for this request
    in ``found``, else look for it and store it: which wall that is changes
    only when a page is published, moved or deleted. Its figures are read
    on every view."""
    from ..statements import wall_tags

    if CALL_TO_ACTION not in found.names:
        return
    cached = found.get(CALL_TO_ACTION)
    if cached is not None:
        wall_tags.remember_wall_for(page, request, cached[0])
    else:
        found.store(CALL_TO_ACTION, (wall_tags.wall_for(page, request),))


# Side effects of a render ----------------------------------------------------


def assets_seen(context):
    """What a render has linked so far: the blocks' assets on the request
    and the stylesheets and scripts of the layout, as two frozensets."""
    attributes = getattr(context.get("request"), "__dict__", {})
    seen = set(attributes.get(REQUEST_ASSETS, ()))
    if attributes.get(SHARE_ASSETS):
        seen.add(SHARE_ASSETS)
    layout = context.get(LAYOUT_CONTEXT_NAME)
    return frozenset(seen), frozenset(getattr(layout, "linked", ()))


def replay_assets(context, assets):
    """Count ``assets`` (what a cached fragment linked when it was rendered,
    as the difference of two :func:`assets_seen`) as linked by this render,
    as rendering the fragment would have."""
    blocks, linked = assets
    request = context.get("request")
    if blocks and request is not None:
        if SHARE_ASSETS in blocks:
            setattr(request, SHARE_ASSETS, True)
        seen = request.__dict__.setdefault(REQUEST_ASSETS, set())
        seen.update(blocks - {SHARE_ASSETS})
    layout = context.get(LAYOUT_CONTEXT_NAME)
    if linked and layout is not None:
        layout.linked.update(linked)
