"""``{% share_buttons page %}`` and ``{% tuidang_meta page %}``.

Loaded through ``{% load wagtail_tuidang_tags %}``.
"""

from django import template
from django.template.loader import render_to_string

from . import buttons, meta

register = template.Library()


@register.simple_tag(takes_context=True)
def share_buttons(context, page=None, url=None, title=None, heading=""):
    """Render the share bar for ``page`` (default: the context's ``page``).

    ``url`` and ``title`` replace the page's own; ``heading`` adds a heading.
    """
    page = page or context.get("page") or None
    request = context.get("request")
    bar = {
        **_bar_context(page, request, url, title),
        "heading": heading,
        "include_assets": buttons.first_bar_on_request(request),
    }
    return render_to_string(buttons.TEMPLATE, bar, request=request)


def _bar_context(page, request, url, title):
    """The share bar's context, computed once per request for each page,
    URL and title (an article shows its bar above and below the text)."""
    if request is None:
        return buttons.share_bar_context(page, request, url=url, title=title)
    bars = request.__dict__.setdefault("_tuidang_share_bars", {})
    key = (getattr(page, "pk", None), url, title)
    if key not in bars:
        bars[key] = buttons.share_bar_context(page, request, url=url, title=title)
    return bars[key]


@register.simple_tag(takes_context=True)
def tuidang_meta(context, page=None, url=None, title=None, description=None):
    """Render canonical link, Open Graph, Twitter card and JSON-LD for ``page``
    (default: the context's ``page``); the arguments replace the page's own,
    e.g. on a routable page's sub-route."""
    page = page or context.get("page") or None
    request = context.get("request")
    if page is None:
        return ""
    data = meta.meta_context(page, request, url, title, description)
    return render_to_string(meta.TEMPLATE, data, request=request)
