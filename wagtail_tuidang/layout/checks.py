"""System checks of ``WAGTAIL_TUIDANG_BASE_TEMPLATE``.

The base template's ``{% extends %}`` chain and literal ``{% include %}``\\ s
are followed as Django's loaders would; a name given by a variable is not.
"""

from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.template import Engine, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader_tags import BlockNode, ExtendsNode, IncludeNode
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from . import quick_exit
from .templatetags import TuidangHeadNode

#: The plugin's frame, which extends the base template: a base that extends
#: it (or a page template extending it) would extend itself.
LAYOUT_TEMPLATE = "wagtail_tuidang/layout.html"
#: Blocks the plugin's page templates replace: a tag inside them never runs.
REPLACED_BLOCKS = frozenset({"title", "content"})
#: Templates followed at most, against include cycles.
MAX_TEMPLATES = 50


@register(Tags.templates)
def check_base_template(app_configs, **kwargs):
    name = get_setting("BASE_TEMPLATE")
    try:
        engine = Engine.get_default()
    except ImproperlyConfigured:  # no Django template engine: nothing to check
        return []
    try:
        found, names = _scan(engine, name)
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        return [_error(name, _("it cannot be loaded: %(error)s") % {"error": error})]
    if LAYOUT_TEMPLATE in names:
        reason = _("it extends or includes %(layout)s, which extends it") % {
            "layout": LAYOUT_TEMPLATE
        }
        return [_error(name, reason)]
    if found:
        return []
    return [
        Warning(
            _(
                "The base template %(name)s (WAGTAIL_TUIDANG_BASE_TEMPLATE) never "
                "renders {%% tuidang_head %%}: the plugin's pages get no robots "
                "noindex meta tag, feed links or Open Graph metadata in <head>."
            )
            % {"name": name},
            hint=_(
                "Add {%% load wagtail_tuidang_tags %%} and {%% tuidang_head %%} "
                "inside the <head> of %(name)s (or of a template it extends or "
                "includes)."
            )
            % {"name": name},
            id="wagtail_tuidang.W007",
        )
    ]


@register(Tags.compatibility)
def check_quick_exit_url(app_configs, **kwargs):
    """``WAGTAIL_TUIDANG_QUICK_EXIT_URL`` must lead off the site."""
    value = get_setting(quick_exit.SETTING)
    reason = quick_exit.problem(value)
    if reason is None and value and quick_exit.is_own_host(value):
        reason = _("it is on this site, which stays in the address bar")
    if reason is None:
        return []
    return [
        Warning(
            _("WAGTAIL_TUIDANG_QUICK_EXIT_URL (%(value)r) cannot be used: %(reason)s.")
            % {"value": value, "reason": reason},
            hint=_(
                "Name a neutral page on another site, as an absolute URL such "
                "as https://weather.example/; until then no “Leave this page” "
                "control is shown (None turns quick exit off)."
            ),
            id="wagtail_tuidang.W010",
        )
    ]


def _error(name, reason):
    return Error(
        _("WAGTAIL_TUIDANG_BASE_TEMPLATE (%(name)s) cannot be used: %(reason)s.")
        % {"name": name, "reason": reason},
        hint=_(
            "Name your site's own base template, or wagtail_tuidang/base.html "
            "for the plugin's standalone layout."
        ),
        id="wagtail_tuidang.E017",
    )


def _scan(engine, name):
    """Whether the templates ``name`` extends or includes render
    ``{% tuidang_head %}``, and the names of every template followed."""
    pending = [(name, [])]
    names = []
    found = False
    while pending and len(names) < MAX_TEMPLATES:
        template_name, skip = pending.pop()
        template, origin = engine.find_template(template_name, skip=skip or None)
        names.append(template_name)
        for node in _nodes(template.nodelist):
            if isinstance(node, TuidangHeadNode):
                found = True
            elif isinstance(node, ExtendsNode):
                parent = _literal(node.parent_name)
                if parent:
                    pending.append((parent, [*skip, origin]))
            elif isinstance(node, IncludeNode):
                included = _literal(node.template)
                if included and included not in names:
                    pending.append((included, []))
    return found, names


def _nodes(nodelist):
    for node in nodelist:
        if isinstance(node, BlockNode) and node.name in REPLACED_BLOCKS:
            continue
        yield node
        for attribute in node.child_nodelists:
            yield from _nodes(getattr(node, attribute, None) or [])


def _literal(expression):
    """The template name a tag gives as a quoted string, else None."""
    value = getattr(expression, "var", None)
    if isinstance(value, str) and not getattr(expression, "filters", None):
        return value
    return None
