"""What every feed of the plugin writes: text as text, HTML only when sanitised.

Feed readers render RSS ``<description>`` and Atom ``type="html"`` as HTML,
each with its own sanitiser, and many of them keep images and links. Words a
submitter wrote must never reach a reader as markup (a tracking pixel, a
phishing link), so:

- Atom's ``<summary>`` is ``type="text"``: readers show it literally.
- RSS has no text type: its ``<description>`` is HTML-escaped before the XML
  escaping, so a reader decodes it back to the literal characters.
- An article's body, written by editors, goes in Atom's ``<content
  type="html">`` and RSS's ``<content:encoded>``, first through
  :func:`sanitise_html`: a short list of tags, links made absolute, and
  images only from the site's own origin.
"""

import re
from urllib.parse import urljoin, urlsplit

import nh3
from django.utils import feedgenerator
from django.utils.html import escape

# XML 1.0 cannot carry these; imports, the admin or a paste from a report
# may bring them in: strip them rather than fail the whole feed.
XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"

#: Tags an article body keeps in a feed; anything else is dropped, keeping
#: its text (``script`` and ``style`` lose their content too).
BODY_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd",
    "del", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "li", "ol", "p", "pre", "q", "s", "small",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}  # fmt: skip
BODY_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_ATTRIBUTES = {"href", "src", "cite"}
IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def xml_text(value):
    """``value`` as a string XML can carry."""
    return XML_INVALID.sub("", str(value or ""))


def sanitise_html(html, base_url):
    """``html`` (an article body) safe to hand to any feed reader: only
    :data:`BODY_TAGS`, URLs made absolute against ``base_url``, ``http(s)``
    and ``mailto`` links only, and images only from ``base_url``'s origin
    (any other image is removed, as are scripts, styles, frames, forms and
    event handlers)."""
    origin = _origin(base_url)

    def keep(tag, attribute, value):
        if attribute not in URL_ATTRIBUTES:
            return value
        url = urljoin(base_url, value.strip())
        if tag == "img" and _origin(url) != origin:
            return None
        return url

    cleaned = nh3.clean(
        xml_text(html),
        tags=BODY_TAGS,
        clean_content_tags={"script", "style"},
        attributes=BODY_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return IMG_WITHOUT_SRC.sub("", cleaned)


def _origin(url):
    parts = urlsplit(url)
    return (parts.scheme.lower(), (parts.netloc or "").lower())


class Rss201rev2Feed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 whose ``title`` and ``description`` are given as plain text
    (escaped here: readers take both as HTML when they look like it) and
    whose optional ``content_html`` (already sanitised) goes in
    ``<content:encoded>``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in ("title", "description"):
            self.feed[key] = _as_html(self.feed[key])

    def add_item_elements(self, handler, item):
        as_html = {key: _as_html(item[key]) for key in ("title", "description")}
        super().add_item_elements(handler, {**item, **as_html})
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class Atom1Feed(feedgenerator.Atom1Feed):
    """Atom whose ``<summary>`` is ``type="text"`` (Django writes
    ``type="html"``) and whose optional ``content_html`` (already sanitised)
    goes in ``<content type="html">``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


FEED_CLASSES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


def _as_html(text):
    return None if text is None else escape(text)
