"""Requests the site cannot read as UTF-8 get a clear 400 before any view.

Every page of the site is UTF-8 and browsers send its forms back in UTF-8.
A request that declares another charset (``charset=latin-1``, GB18030, Big5,
UTF-16…) or carries raw bytes that are not UTF-8 comes from a broken proxy
or a crafted client: read anyway, its words would be misread into mojibake,
stored without a word, or end in an error deep inside a view. With
:class:`Utf8OnlyMiddleware` near the top of ``MIDDLEWARE`` such a request
gets a short plain-text 400, in the visitor's language, that says nothing
was stored, on every route (the admin included).

What it checks, without the database or the cache:

- the ``charset`` of ``Content-Type``: an alias of UTF-8 (``utf8``) is
  accepted as UTF-8; any other known encoding is refused; a name no codec
  knows is ignored, as Django ignores it, and the body read as UTF-8;
- the raw bytes of the query string;
- the raw bytes of an ``application/x-www-form-urlencoded`` body (within
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``; a multipart body is left streaming).

Percent-escapes that decode to invalid UTF-8 are not refused here: Django
reads them as U+FFFD, which the statement form refuses with its own message
(see :mod:`wagtail_tuidang.statements.text`), keeping what was typed.
"""

import codecs

from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from .middleware import visitor_language

NOT_UTF8 = _(
    "This site reads text in UTF-8 only, and your browser or a program "
    "between you and the site sent another text encoding, so nothing was "
    "stored. Please go back and send the form again from the site's own page, "
    "or try another browser."
)
URLENCODED = "application/x-www-form-urlencoded"


class Utf8OnlyMiddleware:
    """Put it near the top of ``MIDDLEWARE`` (before ``CsrfViewMiddleware``,
    which reads the body): a request that is not UTF-8 gets :meth:`refuse`'s
    400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_utf8(request):
            return self.refuse(request)
        return self.get_response(request)

    def is_utf8(self, request):
        """True if the declared charset, the query string and a urlencoded
        body are all UTF-8. Override to check more or less."""
        charset = request.content_params.get("charset")
        if charset is not None:
            name = _codec_name(charset)
            if name not in (None, "utf-8"):
                return False
            if name == "utf-8":
                request.encoding = "utf-8"  # Django refuses "utf8" itself
        if not _is_utf8(_query_bytes(request)):
            return False
        if request.method == "POST" and request.content_type == URLENCODED:
            return _is_utf8(request.body)
        return True

    def refuse(self, request):
        """The 400 response; override to change it."""
        with translation.override(visitor_language(request)):
            response = HttpResponse(
                str(NOT_UTF8), status=400, content_type="text/plain; charset=utf-8"
            )
        add_never_cache_headers(response)
        return response


def _codec_name(charset):
    try:
        return codecs.lookup(charset.strip().strip('"')).name
    except LookupError:
        return None


def _query_bytes(request):
    query = request.META.get("QUERY_STRING", "")
    if isinstance(query, bytes):
        return query
    # WSGI hands the raw bytes over as Latin-1 text (PEP 3333).
    try:
        return query.encode("latin-1")
    except UnicodeEncodeError:
        return query.encode("utf-8", "surrogatepass")


def _is_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
