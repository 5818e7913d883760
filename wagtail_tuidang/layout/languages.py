"""The language switcher: one link per language the site enables.

Two ways to switch, chosen per request:

- **Each language is a URL** (Wagtail's localisation, ``WAGTAIL_I18N_ENABLED``,
  with ``i18n_patterns``): a link goes to the page's translation in that
  language, keeping the route below it (``submit/`` → the translation's
  ``submit/``); with no translation, to the translation of the nearest
  ancestor (the locale's home page at worst). No cookie is ever set.
- **One URL for all languages** (the language comes from ``Accept-Language``
  or Django's language cookie): a link is the current URL with
  ``?language=<code>``. A plugin page answering it sets Django's language
  cookie and nothing else, and redirects to the same URL without the
  parameter. Its pages then vary on ``Cookie`` as well as
  ``Accept-Language``.

A plain GET of a page never sets a cookie.
"""

from dataclasses import dataclass

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.models import Site

from ..articles import cache as content_cache
from ..basepage import page_model

#: The query parameter a link sets the language with, on one-URL sites.
PARAMETER = "language"
#: Where :func:`translation_targets` are kept, per page and site.
TARGETS_KEY = "wagtail_tuidang:languages:targets"


@dataclass
class LanguageLink:
    """One entry of the switcher: ``code`` (for ``lang`` and ``hreflang``),
    ``name`` in its own language, ``url``, whether it is the ``current``
    language, and whether ``url`` is the same page in that language (its
    translation: a ``<link rel="alternate" hreflang>``)."""

    code: str
    name: str
    url: str
    current: bool
    alternate: bool = False


def enabled_languages():
    """The site's languages, ``(code, name in that language)``, in the order
    of ``settings.LANGUAGES``."""
    return [(code, language_name(code, name)) for code, name in settings.LANGUAGES]


def language_name(code, fallback):
    """The language's name as its readers write it (简体中文, 繁體中文,
    English), from Django's language table."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return str(fallback)


def current_language():
    """The active language, as one of the codes in ``settings.LANGUAGES``."""
    try:
        return translation.get_supported_language_variant(translation.get_language())
    except LookupError:
        return settings.LANGUAGE_CODE


def languages_in_urls(request):
    """Whether each language has its own URLs: Wagtail's localisation with
    the site's pages in ``i18n_patterns``."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return False
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return is_language_prefix_patterns_used(urlconf)[0]


def language_links(request, page):
    """The switcher's links for ``page`` (a Wagtail page, or anything a
    template calls ``page``) on this request: an empty list where no link
    can switch (not a Wagtail page; a page that is not the plugin's on a
    one-URL site; no request)."""
    if request is None or not isinstance(page, page_model()):
        return []
    if languages_in_urls(request):
        return translation_links(request, page)
    if not hasattr(page, "get_tuidang_head"):
        return []
    return parameter_links(request)


def parameter_links(request):
    """Links to this URL with ``?language=<code>`` (one-URL sites)."""
    current = current_language()
    query = request.GET.copy()
    query.pop(PARAMETER, None)
    links = []
    for code, name in enabled_languages():
        query[PARAMETER] = code
        url = f"{request.path}?{query.urlencode()}"
        links.append(LanguageLink(code, name, url, code == current))
    return links


def translation_links(request, page):
    """Links to ``page``'s translations, the route below the page kept; for
    a language without one, to the nearest ancestor's translation. Two
    queries, whatever the tree; none while the page tree, the sites and the
    locales have not changed since a reader of the same page on the same
    site asked (see :func:`translation_targets`)."""
    page_url = page.get_url(request) or ""
    suffix = route_suffix(request, page_url)
    site = Site.find_for_request(request)
    key = f"{TARGETS_KEY}:{page.pk}:{site.pk if site is not None else '-'}"
    targets = content_cache.remembered(key, lambda: translation_targets(request, page))
    current = current_language()
    links = []
    for code, name in enabled_languages():
        if code not in targets:
            continue
        url, own = targets[code]
        links.append(
            LanguageLink(code, name, url + suffix if own else url, code == current, own)
        )
    return links


def translation_targets(request, page):
    """``{language code: (URL, whether it is the page's own translation)}``:
    where the switcher leads for each language, before the route is added.
    Kept in the cache by :func:`translation_links` with the generations of
    :mod:`wagtail_tuidang.articles.cache`, which move whenever a page is
    published, unpublished, moved or deleted and a site or a locale is
    edited: everything these URLs are drawn from. A URL depends on the
    request's site only (it is relative on the page's own site), which is
    part of the key."""
    chain = [page, *list(page.get_ancestors().exclude(depth=1))[::-1]]
    keys = [ancestor.translation_key for ancestor in chain]
    candidates = (
        page_model()
        .objects.live()
        .filter(translation_key__in=keys)
        .select_related("locale")
    )
    found = {(p.translation_key, p.locale.language_code): p for p in candidates}
    targets = {}
    for code, _name in enabled_languages():
        for depth, ancestor in enumerate(chain):
            target = found.get((ancestor.translation_key, code))
            if target is None:
                continue
            url = target.get_url(request)
            if url is None:
                continue
            targets[code] = (url, depth == 0)
            break
    return targets


def route_suffix(request, page_url):
    """What the request's path adds below the page's URL (a route such as
    ``submit/``), with its query string; empty off the page's path."""
    path = page_url
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    if not path or not request.path.startswith(path):
        return ""
    suffix = request.path[len(path) :]
    query = request.GET.urlencode()
    return f"{suffix}?{query}" if query else suffix


def switch_response(request):
    """The answer to ``?language=<code>`` on a one-URL site: a redirect to
    the same URL without the parameter, setting Django's language cookie
    when the code is one the site enables. None when there is nothing to
    switch (no parameter, not a read, or a site whose languages are
    URLs)."""
    if request.method not in ("GET", "HEAD") or PARAMETER not in request.GET:
        return None
    if languages_in_urls(request):
        return None
    code = request.GET[PARAMETER]
    query = request.GET.copy()
    del query[PARAMETER]
    target = request.path + (f"?{query.urlencode()}" if query else "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=False
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    # One reader's choice: never kept by a cache for the next reader.
    add_never_cache_headers(response)
    if code in dict(settings.LANGUAGES):
        set_language_cookie(response, code)
    return response


def set_language_cookie(response, code):
    """Django's language cookie, with the cookie settings Django's own
    ``set_language`` view uses (``SameSite=Lax`` unless the site set
    ``LANGUAGE_COOKIE_SAMESITE``): the language code and nothing else."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )


def patch_vary(request, response):
    """``Vary: Cookie, Accept-Language`` on a page whose language does not
    come from its URL: a cache must keep one copy per language cookie."""
    if not translation.get_language_from_path(request.path_info):
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response
