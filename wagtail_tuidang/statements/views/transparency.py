"""``transparency/``: what the site did with statements, month by month
(see :mod:`..transparency`). Only where the site switched it on with
``WAGTAIL_TUIDANG_TRANSPARENCY``; a 404 elsewhere."""

from django.http import Http404, HttpResponseNotAllowed
from django.utils.cache import patch_cache_control

from ...conf import get_setting
from . import render_route


def transparency(request, page):
    """Render the monthly figures of the site's statements."""
    if not get_setting("TRANSPARENCY"):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    from .. import transparency as figures  # reads the audit log's models

    context = {"transparency": figures.get_figures()}
    response = render_route(request, page, "transparency", context)
    patch_cache_control(response, public=True, max_age=get_setting("OPEN_DATA_MAX_AGE"))
    return response
