"""The demo's Traditional Chinese and English page trees, beside the
Simplified Chinese original: the home page, the statement wall, the featured
statement pages, the news index and every article, each written in its
tree's language (:mod:`home.demo_texts`, :mod:`home.demo_news_texts`).

Made only on a site with Wagtail's localisation (``WAGTAIL_I18N_ENABLED``,
as the example site has). Every page is the translation of the original's
page with the same slug, so the language switcher leads from one to the
other. The wall's translations are one wall with the original: the same
statements and the same total at /zh-hans/statements/, /zh-hant/statements/
and /en/statements/.
"""

from django.conf import settings
from wagtail.models import Locale

from home.demo_statements import ensure_featured_pages, ensure_home_blocks
from home.demo_texts import HOME, LANGUAGES, WALL
from home.management.commands.tuidang_demo_articles import INDEX_SLUG, ensure_news
from wagtail_tuidang.pages.models import (
    ArticleIndexPage,
    StatementIndexPage,
    StatementPage,
)


def ensure_translations(home):
    """The page tree in every content language but the original's (once)."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    wall = StatementIndexPage.objects.child_of(home).get(slug="statements")
    news = ArticleIndexPage.objects.child_of(home).get(slug=INDEX_SLUG)
    stories = {page.slug: page for page in StatementPage.objects.child_of(home)}
    for code in codes:
        if code == home.locale.language_code or code not in LANGUAGES:
            continue
        locale, _created = Locale.objects.get_or_create(language_code=code)
        home_copy = translate(home, locale, title=HOME[code]["title"],
                              intro=HOME[code]["intro"], body=[])  # fmt: skip
        wall_copy = translate(
            wall, locale, title=WALL[code]["title"], intro=WALL[code]["intro"],
            default_statement_text=WALL[code]["wording"],
        )  # fmt: skip
        featured = ensure_featured_pages(home_copy, wall_copy, code, stories)
        ensure_news(home_copy, code, news)
        ensure_home_blocks(home_copy, wall_copy, featured, code)


def translate(page, locale, **fields):
    """``page``'s translation in ``locale``, published with ``fields``; an
    existing translation is returned as it is."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation
