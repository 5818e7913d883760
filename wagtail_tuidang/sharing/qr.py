"""QR codes of share URLs, drawn on the server as inline SVG with segno.

WeChat shares links by scanning a code: the code is drawn here, so the page
loads nothing from anyone (no SDK, no image service) and shows the code
without JavaScript. The SVG carries presentation attributes only (``fill``,
``stroke``), never a ``style`` attribute or element, which the public pages'
Content-Security-Policy (``style-src 'self'``) would block.
"""

from functools import lru_cache

import segno
from django.utils.safestring import mark_safe

#: The class of the ``<svg>``, for the share bar's stylesheet.
SVG_CLASS = "td-share__qr-svg"
#: Codes kept per process: a URL's code is drawn once, then reused.
CACHE_SIZE = 1024
#: Error correction "M" (15 %) survives a smudged or photographed screen
#: while keeping a page URL's code small enough to scan from a phone.
ERROR_LEVEL = "m"
#: Modules of white margin around the code, as the QR standard asks.
QUIET_ZONE = 4


@lru_cache(maxsize=CACHE_SIZE)
def qr_svg(data, svg_class=SVG_CLASS):
    """The QR code of ``data`` as an inline ``<svg>`` (a safe string) of class
    ``svg_class``, hidden from assistive technology (the share bar labels
    it), scaled by CSS through its ``viewBox``; ``""`` when ``data`` is empty
    or too long for a QR code."""
    if not data:
        return ""
    try:
        code = segno.make(data, error=ERROR_LEVEL, micro=False)
    except segno.DataOverflowError:
        return ""
    svg = code.svg_inline(
        scale=1,
        border=QUIET_ZONE,
        omitsize=True,
        svgclass=svg_class,
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    # segno writes the SVG itself from the data, encoded as modules: no text
    # of ``data`` reaches the markup, so there is nothing to escape.
    return mark_safe(svg)  # noqa: S308
