"""``data/``: the wall's open data downloads, their checksums and licence.

The list comes from the manifest the dumps wrote (one cached storage read),
never from the statements; the files are downloaded from their storage URLs.
No script; cacheable by anyone for ``WAGTAIL_TUIDANG_OPEN_DATA_MAX_AGE``.
"""

from django.http import HttpResponseNotAllowed
from django.utils.cache import patch_cache_control

from ...conf import get_setting
from .. import dumps
from . import render_route


def open_data(request, page):
    """Render the downloads of ``page``'s wall, newest first."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    files = [
        {**entry, "url": dumps.file_url(page, entry)}
        for entry in dumps.read_manifest(page)
    ]
    context = {
        "files": files,
        "licence": _licence(),
        "statement_columns": dumps.STATEMENT_COLUMNS,
        "tally_columns": dumps.TALLY_COLUMNS,
    }
    response = render_route(request, page, "open_data", context)
    patch_cache_control(response, public=True, max_age=get_setting("OPEN_DATA_MAX_AGE"))
    return response


def _licence():
    """The licence setting, or None if it has no name (check W021)."""
    licence = get_setting("OPEN_DATA_LICENCE")
    if isinstance(licence, dict) and licence.get("name"):
        return licence
    return None
