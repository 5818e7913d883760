"""Certificates: one printable page per published statement, in Chinese and
English side by side, with its registration number, the address where
anyone can verify it and a QR code of that address.

The certificate shows only what the statement's permalink shows: the name
is :attr:`Statement.public_name` (a real name only once the wall would show
it), and nothing of contact details, sources or moderation. It has no
public address of its own: its submitter reaches it from the receipt page
with their receipt code, and staff from the moderation admin, to print it
for a caller.

It is a standalone document (not the site's layout) so that its print
stylesheet alone decides the page: one A4 or Letter sheet. The browser's
"Print" and "Save as PDF" make the PDF; see docs/how-to/certificates.md for
why no PDF is rendered on the server.
"""

from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.utils.translation import get_language

from ..sharing.qr import qr_svg

#: The class of the QR code's ``<svg>``, for the certificate's stylesheet.
QR_CLASS = "td-certificate__qr-svg"
#: Language codes read as Traditional Chinese: the certificate's Chinese
#: column is then in Traditional characters, else in Simplified ones.
TRADITIONAL = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


def languages():
    """The two columns' languages: Chinese (in the script of the current
    language, Simplified by default) and English."""
    current = (get_language() or "").lower()
    chinese = "zh-hant" if current.startswith(TRADITIONAL) else "zh-hans"
    return [chinese, "en"]


def verification_url(page, request=None):
    """The absolute address of the wall's verification page."""
    base = page.get_full_url(request) or ""
    if not base.endswith("/"):
        base += "/"
    return base + page.reverse_subpage("verify")


def number_url(page, number, request=None):
    """The verification page's address with ``number`` looked up: what the
    certificate's QR code holds."""
    return verification_url(page, request) + "?" + urlencode({"number": number})


def site_name(page, request=None):
    """The name of the site the wall belongs to, else its home page's title."""
    site = page.get_site()
    if site is None:
        return ""
    return site.site_name or site.root_page.specific_deferred.title


def render_certificate(request, page, statement, back_url=None):
    """The certificate of the published ``statement`` of the wall ``page``
    as a response; ``back_url`` is where its "back" link leads (not printed)."""
    url = number_url(page, statement.registration_number, request)
    context = {
        "page": page,
        "statement": statement,
        "languages": languages(),
        "verification_url": verification_url(page, request),
        "number_url": url,
        "qr_code": qr_svg(url, QR_CLASS),
        "site_name": site_name(page, request),
        "back_url": back_url,
    }
    response = TemplateResponse(
        request, page.get_route_template_names("certificate"), context
    )
    # A person's own document: never indexed, whoever links to it.
    response.headers["X-Robots-Tag"] = "noindex"
    return response
