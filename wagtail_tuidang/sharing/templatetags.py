"""``{% share_buttons page %}`` and ``{% tuidang_meta page %}``.

Loaded through ``{% load wagtail_tuidang_tags %}``.
"""

from django import template
from django.template.loader import render_to_string

from ..layout.head import CONTEXT_NAME
from . import buttons, meta

register = template.Library()


@register.simple_tag(takes_context=True)
def share_buttons(context, page=None, url=None, title=None, heading=""):
    """Render the share bar for ``page`` (default: the context's ``page``).

    ``url`` and ``title`` replace the page's own; ``heading`` adds a heading.
    """
    page = page or context.get("page") or None
    request = context.get("request")
    include_assets = buttons.include_assets(request, context.get(CONTEXT_NAME))
    if request is None or include_assets:
        return render_bar(page, request, url, title, heading, include_assets)
    # The same bar again (an article's, below the text): its markup once.
    rendered = request.__dict__.setdefault(RENDERED, {})
    key = (getattr(page, "pk", None), url, title, heading)
    if key not in rendered:
        rendered[key] = render_bar(page, request, url, title, heading, False)
    return rendered[key]


#: Where a request keeps the markup of the share bars it rendered.
RENDERED = "_tuidang_share_html"


def remember_bar(page, request, html):
    """Make ``{% share_buttons page %}`` (no other argument) show ``html``
    during ``request`` once the page's head has linked the bar's stylesheet
    and script: for a caller that cached the bar across requests."""
    rendered = request.__dict__.setdefault(RENDERED, {})
    rendered[(page.pk, None, None, "")] = html


def render_bar(page, request, url=None, title=None, heading="", include_assets=False):
    """The markup of the share bar of ``page`` for ``request``."""
    bar = {
        **buttons.request_bar_context(page, request, url, title),
        "heading": heading,
        "include_assets": include_assets,
    }
    return render_to_string(buttons.TEMPLATE, bar, request=request)


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
