"""Rewriting the links of a rendered page for the mirror.

Every ``href``, ``src``, ``srcset``, ``poster`` and ``action`` of every tag is
handed to a resolver, which returns the link to write (a relative file path,
the main site's URL, or the link unchanged). The canonical link names the
main site. Absolute URLs of the site elsewhere (Open Graph and Twitter
``content``, JSON-LD, feeds) are moved to the mirror's public address.
"""

import html
import re

TAG = re.compile(r"<[a-zA-Z][^<>]*>")
LINK_ATTRIBUTE = re.compile(
    r"""(?P<lead>\s(?P<name>href|src|srcset|poster|action)=)(?P<q>["'])(?P<value>.*?)(?P=q)""",
    re.IGNORECASE | re.DOTALL,
)
CANONICAL = re.compile(r"""\srel=["']?canonical\b""", re.IGNORECASE)
FORM = re.compile(r"<form\b.*?</form\s*>", re.IGNORECASE | re.DOTALL)
CSS_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<value>[^"')]+)(?P=q)\s*\)""")


def rewrite_html(text, resolve, canonical):
    """``text`` with each link attribute replaced by ``resolve(link)`` (an
    unescaped URL in, an unescaped URL out) and the canonical link's by
    ``canonical(link)``. Forms are removed: a folder of files cannot answer
    one (the plugin's own pages leave theirs out on the mirror)."""

    def tag(match):
        source = match.group(0)
        choose = canonical if CANONICAL.search(source) else resolve
        return LINK_ATTRIBUTE.sub(lambda m: _attribute(m, choose), source)

    return TAG.sub(tag, FORM.sub("", text))


def _attribute(match, resolve):
    value = html.unescape(match.group("value"))
    if match.group("name").lower() == "srcset":
        new = ", ".join(_srcset_item(item, resolve) for item in value.split(","))
    else:
        new = resolve(value)
    quote = match.group("q")
    return f"{match.group('lead')}{quote}{html.escape(new)}{quote}"


def _srcset_item(item, resolve):
    url, _space, size = item.strip().partition(" ")
    return f"{resolve(url)} {size}".strip()


def rewrite_css(text, resolve):
    """``text`` (a stylesheet) with each ``url()`` replaced by ``resolve``."""
    return CSS_URL.sub(lambda m: f'url("{resolve(m.group("value"))}")', text)
