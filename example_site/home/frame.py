"""The site frame: masthead, main navigation and footer of every page.

What they show comes from :class:`~home.models.SiteFrameSettings`, in the
reader's language: the site's name in that language, and links to the
translations of the chosen pages. It is worked out once per site and
language and cached (forgotten when the settings change or a page is published,
unpublished, renamed, moved or deleted), so a page pays for it only on a cold cache:
five queries at most then.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from wagtail_tuidang import cache
from wagtail_tuidang.statements.wall_tags import route_url

from .models import SiteFrameName, SiteFrameSettings

#: Seconds a frame stays cached at most, should a change go unnoticed.
TIMEOUT = 300

#: (key, label) of the main navigation, in order.
MAIN_LINKS = (
    ("home", _("Home")),
    ("statements", _("Statements")),
    ("submit", _("Publish a statement")),
    ("stats", _("Statistics")),
    ("news", _("News")),
    ("about", _("About us")),
)
#: (key, label) of the footer's links.
FOOTER_LINKS = (
    ("about", _("About us")),
    ("privacy", _("Privacy and data")),
    ("safety", _("Staying safe")),
)
#: The page each key stands for: a field of SiteFrameSettings.
PAGE_FIELDS = {
    "statements": "statements_page",
    "news": "news_page",
    "about": "about_page",
    "privacy": "privacy_page",
    "safety": "safety_page",
}


@dataclass
class Frame:
    """The frame of a page in one language. ``urls`` maps each key of
    :data:`MAIN_LINKS` and :data:`FOOTER_LINKS` to an address, or lacks it
    when the page is not chosen or not live in the language."""

    name: str = ""
    tagline: str = ""
    hotline: str = ""
    email: str = ""
    urls: dict = field(default_factory=dict)

    def links(self, pairs, current_path=""):
        """(label, url, is_current) of ``pairs`` that have an address."""
        found = []
        for key, label in pairs:
            url = self.urls.get(key)
            if url:
                found.append((label, url, _is_current(key, url, current_path)))
        return found


def _is_current(key, url, path):
    if key in ("home", "submit"):
        return path == url
    if key == "statements":
        return path == url
    return path.startswith(url)


#: The cache key of every frame: {(site id, language): Frame}, one entry,
#: so that forgetting them all is one call and no query.
CACHE_KEY = "example_site:frames"


def frame_for(request):
    """The frame of ``request``'s site in the active language (cached)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return Frame()
    language = translation.get_language() or settings.LANGUAGE_CODE
    frames = cache.get(CACHE_KEY) or {}
    frame = frames.get((site.pk, language))
    if frame is None:
        frame = frames[site.pk, language] = build(site, language)
        cache.set(CACHE_KEY, frames, TIMEOUT)
    return frame


def build(site, language):
    """The frame of ``site`` in ``language``: the settings with the chosen
    pages, the names, the pages live in the language, the wall as its own
    type (whether it takes statements) and, unless Wagtail has them cached,
    the sites' root paths."""
    frame_settings = (
        SiteFrameSettings.objects.select_related(*SiteFrameSettings.select_related)
        .filter(site=site)
        .first()
    )
    if frame_settings is None:
        return Frame(name=site.site_name or site.root_page.title)
    frame = Frame(hotline=frame_settings.hotline, email=frame_settings.email)
    frame.name, frame.tagline = _name(frame_settings, language, site)
    chosen = {"home": frame_settings.site.root_page}
    for key, name in PAGE_FIELDS.items():
        page = getattr(frame_settings, name)
        if page is not None:
            chosen[key] = page
    pages = _in_language(chosen, language)
    for key, page in pages.items():
        frame.urls[key] = page.get_url()
    statements = pages.get("statements")
    if statements is not None:
        statements = statements.specific
        if getattr(statements, "submissions_open", True):
            frame.urls["submit"] = route_url(statements, "submit")
        frame.urls["stats"] = route_url(statements, "stats")
    return frame


def _name(frame_settings, language, site):
    names = {row.language: row for row in frame_settings.names.all()}
    row = names.get(language) or names.get(settings.LANGUAGE_CODE)
    if row is None and names:
        row = next(iter(names.values()))
    if row is None:
        return site.site_name or site.root_page.title, ""
    return row.name, row.tagline


def _in_language(chosen, language):
    """{key: the live translation of the chosen page in ``language``}, or the
    page itself without localisation (one query either way)."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        live = set(
            Page.objects.live()
            .filter(pk__in=[page.pk for page in chosen.values()])
            .values_list("pk", flat=True)
        )
        return {key: page for key, page in chosen.items() if page.pk in live}
    keys = {page.translation_key: key for key, page in chosen.items()}
    found = (
        Page.objects.live()
        .filter(translation_key__in=keys, locale__language_code=language)
        .specific(defer=True)
    )
    translated = {}
    for page in found:
        for key, chosen_page in chosen.items():
            if chosen_page.translation_key == page.translation_key:
                translated[key] = page
    return translated


def forget(**kwargs):
    """Forget every cached frame: a page or the settings changed."""
    cache.delete(CACHE_KEY)


def connect():
    """Forget cached frames whenever what they show may have changed."""
    uid = "home.frame"
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(forget, dispatch_uid=uid)
    post_delete.connect(forget, sender=Page, dispatch_uid=f"{uid}.Page")
    for model in (SiteFrameSettings, SiteFrameName, Site):
        for signal in (post_save, post_delete):
            signal.connect(forget, sender=model, dispatch_uid=f"{uid}.{model.__name__}")
