"""``{% tuidang_head %}``, ``{% tuidang_stylesheets %}`` and
``{% tuidang_stylesheet path %}``.

Loaded through ``{% load wagtail_tuidang_tags %}``. A site adds
``{% tuidang_head %}`` once inside the ``<head>`` of its base template; on a
page that is not the plugin's, it renders nothing.
"""

from django import template
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html

from ..sharing import hosts, meta
from . import languages, quick_exit
from .head import CONTEXT_NAME, page_head

register = template.Library()

HEAD_TEMPLATE = "wagtail_tuidang/layout/head.html"
STYLESHEETS_TEMPLATE = "wagtail_tuidang/layout/stylesheets.html"


class TuidangHeadNode(template.Node):
    """Stylesheets, robots ``noindex``, feed links, Open Graph, Twitter card
    and JSON-LD of the current plugin page (a node of its own, so the
    ``wagtail_tuidang.W007`` check can find it in a base template)."""

    def render(self, context):
        head = page_head(context)
        if head is None:
            return ""
        layout = context.get(CONTEXT_NAME)
        stylesheets, scripts = head.stylesheets, head.scripts
        if layout is not None:
            layout.head_rendered = True
            stylesheets = layout.take_stylesheets(stylesheets)
            scripts = layout.take_scripts(scripts)
        request = context.get("request")
        data = {
            "head": head,
            "stylesheets": stylesheets,
            "scripts": scripts,
            "meta_html": "",
        }
        data["alternates"] = [
            (link.code, hosts.main_url(link.url, request))
            for link in get_language_links(context)
            if link.alternate
        ]
        if head.meta_html is not None:
            data["meta_html"] = head.meta_html
        elif head.meta:
            meta_context = meta.meta_context(request=request, **head.meta)
            data["meta_html"] = render_to_string(meta.TEMPLATE, meta_context, request)
        return render_to_string(HEAD_TEMPLATE, data, request)


@register.tag
def tuidang_head(parser, token):
    """``{% tuidang_head %}``: everything the current plugin page needs in
    ``<head>``; nothing on other pages."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("tuidang_head takes no arguments")
    return TuidangHeadNode()


@register.simple_tag(takes_context=True)
def tuidang_stylesheets(context):
    """The current plugin page's stylesheets and scripts that
    ``{% tuidang_head %}`` did not link in this render (all of them when the
    base template lacks it): ``<link rel="stylesheet">`` and a deferred
    ``<script>`` are valid in the body, so they are never lost."""
    head = page_head(context)
    layout = context.get(CONTEXT_NAME)
    if head is None or layout is None:
        return ""
    stylesheets = layout.take_stylesheets(head.stylesheets)
    scripts = layout.take_scripts(head.scripts)
    if not stylesheets and not scripts:
        return ""
    data = {"stylesheets": stylesheets, "scripts": scripts}
    return render_to_string(STYLESHEETS_TEMPLATE, data, context.get("request"))


@register.simple_tag(takes_context=True)
def tuidang_stylesheet(context, path):
    """``<link rel="stylesheet">`` to ``path`` (for ``{% static %}``), unless
    this render of a plugin page linked it already; always on other pages."""
    layout = context.get(CONTEXT_NAME)
    if layout is not None and not layout.take_stylesheets([path]):
        return ""
    return format_html('<link rel="stylesheet" href="{}">', static(path))


SWITCHER_TEMPLATE = "wagtail_tuidang/layout/language_switcher.html"


def get_language_links(context):
    """The switcher's links for the context's page, once per render."""
    layout = context.get(CONTEXT_NAME)
    if layout is not None and layout.language_links is not None:
        return layout.language_links
    links = languages.language_links(context.get("request"), context.get("page"))
    if layout is not None:
        layout.language_links = links
    return links


@register.simple_tag(takes_context=True)
def tuidang_language_switcher(context, if_missing=False):
    """Links to the current page in each language the site enables (see
    :mod:`wagtail_tuidang.layout.languages`), working without JavaScript.
    ``if_missing=True`` renders it only if it was not rendered yet in this
    render of a plugin page (the plugin's layout places it so at the top of
    the content when the site's base template does not)."""
    layout = context.get(CONTEXT_NAME)
    if if_missing and (layout is None or layout.switcher_rendered):
        return ""
    links = get_language_links(context)
    if layout is not None:
        layout.switcher_rendered = True
    if len(links) < 2:
        return ""
    data = {"links": links, "sets_cookie": not links[0].alternate}
    return render_to_string(SWITCHER_TEMPLATE, data, context.get("request"))


@register.simple_tag(takes_context=True)
def tuidang_quick_exit(context, if_missing=False):
    """The "Leave this page" control (see
    :mod:`wagtail_tuidang.layout.quick_exit`), when
    ``WAGTAIL_TUIDANG_QUICK_EXIT_URL`` names an exit page; nothing otherwise.
    ``if_missing=True`` renders it only if it was not rendered yet in this
    render of a plugin page (the plugin's layout places it so at the top of
    the content when the site's base template does not)."""
    layout = context.get(CONTEXT_NAME)
    if if_missing and (layout is None or layout.quick_exit_rendered):
        return ""
    request = context.get("request")
    url = quick_exit.exit_url(request)
    if url is None:
        return ""
    stylesheets = [quick_exit.STYLESHEET]
    if layout is not None:
        layout.quick_exit_rendered = True
        stylesheets = layout.take_stylesheets(stylesheets)
    data = {"url": url, "stylesheets": stylesheets, "script": quick_exit.SCRIPT}
    return render_to_string(quick_exit.TEMPLATE, data, request)
