"""What a share bar shows: the shared URL and title, and one link per network.

Used by ``{% share_buttons %}`` and ``ShareButtonsBlock`` alike.
"""

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.utils.encoding import escape_uri_path
from wagtail.models import Page, Site

from . import hosts, icons, qr, settings_cache
from .models import ShareSettings

TEMPLATE = "wagtail_tuidang/sharing/share_buttons.html"
#: The bar's stylesheet and script, linked once per page.
STYLESHEET = "wagtail_tuidang/css/share.css"
SCRIPT = "wagtail_tuidang/js/share.js"


@dataclass(frozen=True)
class ShareButton:
    """One rendered button: its network and the URL it opens, or for a
    network shared by scanning (``network.qr``), the QR code of that URL."""

    network: object
    href: str
    qr_svg: str = ""

    @property
    def key(self):
        return self.network.key

    @property
    def name(self):
        return self.network.accessible_name


def get_share_settings(page, request=None):
    """The ``ShareSettings`` of the request's site (cached on the request as
    Wagtail caches it), else of the page's site; ``None`` outside any site.

    Read, never created: a public page view writes nothing. A site whose
    editors never saved these settings gets their defaults, unsaved. Cached
    across requests too (see :mod:`~wagtail_tuidang.sharing.settings_cache`).
    """
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return _share_settings_of(page.get_site() if page is not None else None)
    attr_name = ShareSettings.get_cache_attr_name()
    if not hasattr(request, attr_name):
        setattr(request, attr_name, _share_settings_of(site))
    return getattr(request, attr_name)


def _share_settings_of(site):
    return settings_cache.share_settings_of(site)


def default_site():
    """The default site with its root page, or None: what a share bar without
    a page (a block rendered with ``{{ page.body }}``) shares."""
    sites = Site.objects.filter(is_default_site=True).select_related("root_page")
    return sites.first()


def page_share_url(page, request=None):
    """The absolute URL a reader shares for ``page`` (at the sub-route the
    request is on): :func:`page_canonical_url` on the mirror or onion
    address the request came through, if any (see
    :mod:`~wagtail_tuidang.sharing.hosts`)."""
    return hosts.public_url(page_canonical_url(page, request), request)


def page_canonical_url(page, request=None):
    """The canonical absolute URL of ``page``, extended by the sub-route the
    request is on (for routable pages), always on the site's main host. The
    query string is always dropped: it may hold a receipt code or a search."""
    full_url = page.get_full_url(request) if page is not None else None
    if not full_url:
        return request.build_absolute_uri(request.path) if request else ""
    if request is None:
        return full_url
    base_path = unquote(urlsplit(full_url).path)
    on_sub_route = len(request.path) > len(base_path)
    if (
        on_sub_route
        and request.path.startswith(base_path)
        and _is_serving(page, request)
    ):
        return full_url + escape_uri_path(request.path[len(base_path) :])
    return full_url


def _is_serving(page, request):
    """Whether ``request`` is for ``page`` (at one of its sub-routes).

    Wagtail caches the route on the request while serving, so this costs no
    query on a page view.
    """
    route = Page.route_for_request(request, request.path)
    return route is not None and route[0].pk == page.pk


def page_share_title(page):
    """The title shared with the link: the SEO title if set, else the title."""
    if page is None:
        return ""
    return getattr(page, "seo_title", "") or page.title


def share_bar_context(page, request=None, url=None, title=None):
    """Template context for one share bar; ``url`` and ``title`` override
    (a ``url`` on the main host is moved to the request's mirror, if any)."""
    url = hosts.public_url(url, request) if url else page_share_url(page, request)
    title = title or page_share_title(page)
    share_settings = get_share_settings(page, request)
    if not url or share_settings is None:
        return {"share_url": "", "buttons": []}
    options = share_settings.get_options()
    buttons = []
    for network in share_settings.get_networks():
        href = network.share_url(url, title, options)
        code = qr.qr_svg(href) if network.qr else ""
        if href and (code or not network.qr):
            buttons.append(ShareButton(network, href, code))
    return {
        "share_url": url,
        "share_title": title,
        "buttons": buttons,
        "show_copy_link": share_settings.show_copy_link,
        "show_web_share": share_settings.show_web_share,
        "copy_icon": icons.LINK,
        "native_icon": icons.SHARE,
    }


def request_bar_context(page, request, url=None, title=None):
    """:func:`share_bar_context`, computed once per request for each page,
    URL and title (an article shows its bar above and below the text, and
    its head asks whether there is a bar)."""
    if request is None:
        return share_bar_context(page, request, url=url, title=title)
    bars = request.__dict__.setdefault("_tuidang_share_bars", {})
    key = (getattr(page, "pk", None), url, title)
    if key not in bars:
        bars[key] = share_bar_context(page, request, url=url, title=title)
    return bars[key]


def bar_is_shown(bar):
    """Whether the share bar of context ``bar`` shows anything."""
    return bool(
        bar["share_url"]
        and (bar["buttons"] or bar.get("show_copy_link") or bar.get("show_web_share"))
    )


def include_assets(request, layout=None):
    """Whether the next share bar must link the stylesheet and script itself:
    not when the page's head linked them (``layout``, the render's
    :class:`~wagtail_tuidang.layout.head.Layout`, says so), else only the
    first bar of the request."""
    if layout is not None and STYLESHEET in layout.linked:
        return False
    return first_bar_on_request(request)


def first_bar_on_request(request):
    """True the first time a request renders a share bar, so the stylesheet
    and script are linked once however many bars a page has."""
    if request is None:
        return True
    first = not getattr(request, "_tuidang_share_assets", False)
    request._tuidang_share_assets = True
    return first
