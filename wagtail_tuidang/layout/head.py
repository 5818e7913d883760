"""What a plugin page needs in ``<head>``, and what one render has linked.

A page built on the plugin's mixins describes its head in
``get_tuidang_head(context)``, from the context its view rendered with (not
from template blocks, which render after the head). ``{% tuidang_head %}``
renders that description; ``{% tuidang_stylesheets %}`` at the start of the
content links whatever stylesheet the head tag did not, so a base template
without the tag still gets the plugin's styles.
"""

from dataclasses import dataclass, field

from ..conf import get_setting

#: The stylesheet every plugin page links.
BASE_STYLESHEET = "wagtail_tuidang/css/tuidang.css"
#: The context variable holding the :class:`Layout` of one render.
CONTEXT_NAME = "tuidang_layout"
#: The methods link previews and search engines read a page with.
READ_METHODS = ("GET", "HEAD")


@dataclass
class Feed:
    """A ``<link rel="alternate">`` to a feed."""

    type: str
    title: str
    url: str


@dataclass
class Head:
    """The head material of one plugin page or route.

    ``stylesheets`` and ``scripts`` (loaded with ``defer``) are paths for
    ``{% static %}``; ``meta`` holds the keyword
    arguments of :func:`~wagtail_tuidang.sharing.meta.meta_context` (``page``
    and optionally ``url``, ``title``, ``description``, ``image``,
    ``schema_type``, ``items``, ``main_entity``), or None for no Open Graph,
    Twitter card and JSON-LD. ``meta_html``, when set, is that markup
    already rendered (e.g. from a cache), used instead.
    """

    stylesheets: list = field(default_factory=lambda: [BASE_STYLESHEET])
    scripts: list = field(default_factory=list)
    noindex: bool = False
    feeds: list = field(default_factory=list)
    meta: dict | None = None
    meta_html: str | None = None


@dataclass
class Layout:
    """Per render: the base template to extend, and the stylesheets already
    linked (a mutable object, so a tag inside an ``{% include %}`` sees what
    a tag elsewhere in the same render did)."""

    base_template: str
    head_rendered: bool = False
    linked: set = field(default_factory=set)
    #: Whether ``{% tuidang_language_switcher %}`` rendered in this render.
    switcher_rendered: bool = False
    #: The switcher's links, computed once per render (None: not yet).
    language_links: list | None = None
    #: Whether ``{% tuidang_quick_exit %}`` rendered in this render.
    quick_exit_rendered: bool = False
    #: The page's :class:`Head`, described once per render (None: not yet).
    head: Head | None = None

    def take_stylesheets(self, paths):
        """The ``paths`` not linked yet in this render, now counted as linked."""
        new = [path for path in paths if path not in self.linked]
        self.linked.update(new)
        return new

    #: The same for scripts: their paths never clash with a stylesheet's.
    take_scripts = take_stylesheets


def new_layout():
    """A fresh :class:`Layout` for one render, with the configured base."""
    return Layout(base_template=get_setting("BASE_TEMPLATE"))


def page_head(context):
    """The :class:`Head` of the plugin page in ``context``, or None when the
    context's page is not one of the plugin's (or there is none); described
    once per render (``{% tuidang_head %}`` and ``{% tuidang_stylesheets %}``
    both ask).

    The answer to a POST (a receipt, a form shown again with its errors)
    carries no Open Graph, Twitter card or JSON-LD: link previews and
    search engines only ever GET a page, so nobody would read them."""
    layout = context.get(CONTEXT_NAME)
    if layout is not None and layout.head is not None:
        return layout.head
    page = context.get("page")
    describe = getattr(page, "get_tuidang_head", None)
    if not callable(describe):
        return None
    head = describe(context)
    request = context.get("request")
    if request is not None and request.method not in READ_METHODS:
        head.meta = head.meta_html = None
    if layout is not None:
        layout.head = head
    return head


def set_robots_header(response, head):
    """Send ``X-Robots-Tag: noindex`` when ``head`` says the page must not be
    indexed: a header no template can lose."""
    if head is not None and head.noindex:
        response.headers["X-Robots-Tag"] = "noindex"
    return response
