"""What ``{% tuidang_meta page %}`` says about a page.

Any page works. A page tells more by defining any of these methods (all
optional; ``ArticlePage`` defines them all):

``get_meta_title()``
    The headline; default ``seo_title`` or ``title``.
``get_meta_description()``
    One or two plain-text sentences; default ``search_description``.
``get_meta_image()``
    A Wagtail image or ``None``; default the site's default share image.
``get_meta_authors()``
    A list of author names (strings); default none. The page's ``owner`` is
    never used: the person who created a page in the admin is private.
``get_meta_published()`` / ``get_meta_modified()``
    ``datetime`` or ``date``; default ``first_published_at`` /
    ``last_published_at``.
``get_meta_type()``
    ``"article"`` (Open Graph ``article``, JSON-LD ``NewsArticle``) or
    ``"website"`` (``website`` and ``WebPage``, the default).

A view or route passes more to :func:`meta_context`: its own ``title``,
``description``, ``url`` (canonical) and ``image``, a JSON-LD
``schema_type`` (a ``WebPage`` type, e.g. ``"CollectionPage"``), ``items``
(``{"url", "name"}`` dicts, listed as the ``ItemList`` that is the page's
``mainEntity``) or another ``main_entity``.

The canonical link and JSON-LD ``url`` are on the site's main host; Open
Graph's ``og:url`` and image URLs on the mirror or onion address the request
came through (see :mod:`~wagtail_tuidang.sharing.hosts`), so that a preview
opened by a reader behind the censor links where they can follow it.
"""

import json
from urllib.parse import urljoin

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from . import hosts
from .buttons import get_share_settings, page_canonical_url, page_share_title
from .models import ShareSettings

TEMPLATE = "wagtail_tuidang/meta/meta.html"
#: Open Graph's recommended 1.91:1 preview, large enough for every network.
IMAGE_FILTER = "fill-1200x630"
#: Google's limit for a publisher logo in article metadata.
LOGO_FILTER = "max-600x60"
# As Django's json_script: nothing in the data can close the <script> element.
# Three replace() calls: str.translate() looks every character up in a dict,
# which on the 50 items of a wall page costs more than the JSON encoding.
_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def _call(page, name, default=None):
    method = getattr(page, name, None)
    return method() if callable(method) else default


def ld_json(data):
    """``data`` as JSON safe to place inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escape in _SCRIPT_ESCAPES:
        text = text.replace(character, escape)
    return mark_safe(text)  # noqa: S308 (escaped above)


def _isoformat(value):
    return value.isoformat() if value else ""


def _image(image, filter_spec, base_url):
    """The absolute URL, size and alt text of a rendition, or ``None``."""
    if image is None:
        return None
    rendition = image.get_rendition(filter_spec)
    return {
        "url": urljoin(base_url, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": getattr(image, "description", "") or "",
    }


def _site(page, request):
    site = Site.find_for_request(request) if request is not None else None
    return site or page.get_site()


def _describe(page, title, description):
    """Type, title and description, from the page's protocol methods."""
    page_type = _call(page, "get_meta_type", "website")
    default_description = getattr(page, "search_description", "")
    return {
        "type": "article" if page_type == "article" else "website",
        "title": title or _call(page, "get_meta_title") or page_share_title(page),
        "description": description
        or _call(page, "get_meta_description", default_description),
    }


def _dates_and_authors(page):
    published = _call(page, "get_meta_published", page.first_published_at)
    modified = _call(page, "get_meta_modified", page.last_published_at)
    authors = _call(page, "get_meta_authors", None) or ()
    return {
        "authors": [str(name) for name in authors],
        "published_iso": _isoformat(published),
        "modified_iso": _isoformat(modified),
    }


def _site_details(page, share_settings, site, url, image=None):
    """Image, logo, publisher and X handle, with the site's defaults."""
    image = image or _call(page, "get_meta_image") or share_settings.default_image
    site_name = site.site_name if site else ""
    return {
        "image": _image(image, IMAGE_FILTER, url),
        "logo": _image(share_settings.publisher_logo, LOGO_FILTER, url),
        "site_name": site_name,
        "publisher": share_settings.publisher_name or site_name,
        "x_handle": share_settings.x_handle,
    }


def meta_context(
    page,
    request=None,
    url=None,
    title=None,
    description=None,
    image=None,
    schema_type=None,
    items=None,
    main_entity=None,
):
    """Template context of ``meta.html`` for ``page``; arguments override
    (see the module's documentation)."""
    share_settings = get_share_settings(page, request) or ShareSettings()
    canonical = url or page_canonical_url(page, request)
    public = hosts.public_url(canonical, request)
    meta = {"canonical": canonical, "url": public, "language": get_language()}
    meta.update(_describe(page, title, description))
    meta.update(_dates_and_authors(page))
    meta.update(
        _site_details(page, share_settings, _site(page, request), public, image)
    )
    meta["schema_type"] = schema_type or "WebPage"
    meta["main_entity"] = _item_list(items) if items is not None else main_entity
    return {"meta": meta, "ld_json": ld_json(structured_data(meta))}


def _item_list(items):
    """An ``ItemList`` of ``{"url", "name"}`` dicts, positions from 1."""
    return {
        "@type": "ItemList",
        "numberOfItems": len(items),
        "itemListElement": [
            {"@type": "ListItem", "position": position, **item}
            for position, item in enumerate(items, start=1)
        ],
    }


def structured_data(meta):
    """The schema.org JSON-LD for ``meta``: a ``NewsArticle`` for an
    article, else a ``WebPage`` (or the ``schema_type`` given)."""
    image = [meta["image"]["url"]] if meta["image"] else None
    if meta["type"] != "article":
        return _drop_empty(
            {
                "@context": "https://schema.org",
                "@type": meta.get("schema_type") or "WebPage",
                "name": meta["title"],
                "url": meta["canonical"],
                "description": meta["description"],
                "inLanguage": meta.get("language"),
                "image": image,
                "publisher": _publisher(meta),
                "mainEntity": meta.get("main_entity"),
            }
        )
    return _drop_empty(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": meta["title"],
            "description": meta["description"],
            "inLanguage": meta.get("language"),
            "image": image,
            "datePublished": meta["published_iso"],
            "dateModified": meta["modified_iso"] or meta["published_iso"],
            "author": [{"@type": "Person", "name": name} for name in meta["authors"]],
            "publisher": _publisher(meta),
            "mainEntityOfPage": {"@type": "WebPage", "@id": meta["canonical"]},
        }
    )


def _publisher(meta):
    if not meta["publisher"]:
        return None
    publisher = {"@type": "Organization", "name": meta["publisher"]}
    if meta["logo"]:
        publisher["logo"] = {
            "@type": "ImageObject",
            "url": meta["logo"]["url"],
            "width": meta["logo"]["width"],
            "height": meta["logo"]["height"],
        }
    return publisher


def _drop_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "", [])}
