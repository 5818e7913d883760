"""Error pages of the example site."""

from django.conf import settings
from django.http import HttpResponseNotFound
from django.template import loader
from django.utils import translation


def page_not_found(request, exception):
    """The 404 page, in the visitor's language, rendered without the database.

    It is what a link to a withdrawn statement or a mistyped address shows, so
    it points to the statement wall and the receipt look-up. Their addresses
    come from ``EXAMPLE_SITE_WALL_URL`` (default ``/statements/``, the demo's
    wall, below the visitor's language prefix on the localised demo) and
    ``EXAMPLE_SITE_RECEIPT_URL`` (default: the wall's ``receipt/``),
    plain settings, so a 404 needs no page lookup. It is rendered without the
    request, so no context processor (user, messages, Wagtail settings) can
    reach the database or the cache."""
    wall_url = getattr(settings, "EXAMPLE_SITE_WALL_URL", None) or default_wall_url()
    context = {
        "wall_url": wall_url,
        "receipt_url": getattr(
            settings, "EXAMPLE_SITE_RECEIPT_URL", wall_url + "receipt/"
        ),
    }
    return HttpResponseNotFound(loader.render_to_string("404.html", context))


def default_wall_url():
    """The demo wall's address in the active language (every translation of
    the demo wall has the slug ``statements``)."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return f"/{translation.get_language()}/statements/"
    return "/statements/"
