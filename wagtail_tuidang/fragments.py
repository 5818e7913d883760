"""``{% tuidang_cache "name" value … %}…{% endtuidang_cache %}``: a part of a
template rendered once and kept in the cache, keyed by what it shows.

Loaded through ``{% load wagtail_tuidang_tags %}``. Like Django's
``{% cache %}``, but:

- the key holds, besides the name and the values given, the active
  language, the plugin's version, the fragment's own template text and the
  source of every template it includes by a fixed name, so that a changed
  template or another language never reads an old fragment;
- a value that is None means "not cacheable now": the fragment is rendered
  as if the tag were not there (e.g. a search, whose words are too many to
  keep);
- the cache is an accelerator, never a dependency: a cache that fails is a
  miss, and the fragment renders as usual (see :mod:`wagtail_tuidang.cache`).

The values must determine everything the fragment shows in a language:
strings, numbers, dates, or tuples of them (their ``repr`` is hashed). Entries
expire after :data:`TIMEOUT` seconds, the most a fragment can be out of date
if a value fails to change with what it stands for.
"""

import hashlib

from django import template
from django.template.loader_tags import IncludeNode
from django.utils import translation
from django.utils.safestring import mark_safe

from . import __version__, cache

register = template.Library()

#: Seconds a fragment stays cached.
TIMEOUT = 60 * 60
KEY_PREFIX = "wagtail_tuidang:fragment"
#: How deep includes inside includes are followed for their sources.
MAX_DEPTH = 5


class FragmentNode(template.Node):
    """A fragment cached under :meth:`key`."""

    def __init__(self, name, values, nodelist):
        self.name = name
        self.values = values
        self.nodelist = nodelist
        self._sources = None

    def render(self, context):
        values = [value.resolve(context) for value in self.values]
        if any(value is None for value in values):
            return self.nodelist.render(context)
        key = self.key(context, values)
        html = cache.get(key)
        if isinstance(html, str):
            return mark_safe(html)  # noqa: S308 (rendered here, then cached)
        html = self.nodelist.render(context)
        cache.set(key, str(html), TIMEOUT)
        return html

    def key(self, context, values):
        """The cache key of this fragment for ``values`` in ``context``."""
        parts = (
            __version__,
            translation.get_language(),
            self.sources(context),
            values,
        )
        digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
        return f"{KEY_PREFIX}:{self.name}:{digest}"

    def sources(self, context):
        """A digest of the fragment's template text and of the templates it
        includes by name, computed once per parsed template."""
        if self._sources is None:
            engine = context.template.engine
            text = repr(list(_text(self.nodelist, engine, 0)))
            self._sources = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        return self._sources


def template_text(template):
    """The text a template renders from: its source and, followed as
    :class:`FragmentNode` follows them, the templates it includes by name."""
    return repr([template.source, *_text(template.nodelist, template.engine, 0)])


def _text(nodelist, engine, depth):
    """The token text of every node of ``nodelist``, its children's in
    brackets, and the text of the templates it includes by a fixed name."""
    for node in nodelist:
        token = getattr(node, "token", None)
        yield token.contents if token is not None else type(node).__name__
        if isinstance(node, IncludeNode):
            yield from _included(node, engine, depth)
        for attr in node.child_nodelists:
            children = getattr(node, attr, None)
            if children:
                yield "("
                yield from _text(children, engine, depth)
                yield ")"


def _included(node, engine, depth):
    name = node.template.var
    if depth >= MAX_DEPTH or node.template.filters or not isinstance(name, str):
        return
    included = engine.get_template(name)
    yield included.source
    yield from _text(included.nodelist, engine, depth + 1)


@register.tag
def tuidang_cache(parser, token):
    """``{% tuidang_cache "name" value … %}…{% endtuidang_cache %}``: the
    fragment rendered once per name, values and language, then read from
    the cache; rendered every time while a value is None."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes a name and the values the fragment shows"
        )
    name = bits[1]
    if not (name[0] == name[-1] and name[0] in "\"'" and len(name) > 2):
        raise template.TemplateSyntaxError(f"{bits[0]}'s name must be quoted")
    nodelist = parser.parse(("endtuidang_cache",))
    parser.delete_first_token()
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    return FragmentNode(name[1:-1], values, nodelist)
