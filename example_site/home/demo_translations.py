"""Demo translations: the home page, the statement wall and the news index
in Traditional Chinese and English, beside the Simplified Chinese originals.

Made only on a site with Wagtail's localisation (``WAGTAIL_I18N_ENABLED``,
as the example site has). The wall's translations are one wall with the
original: the same statements and the same total at /zh-hans/statements/,
/zh-hant/statements/ and /en/statements/. Pages below the wall and the news
index stay in Simplified Chinese: their language switcher leads to the
translated wall or news index.
"""

from django.conf import settings
from wagtail.models import Locale

from wagtail_tuidang.pages.models import ArticleIndexPage, StatementIndexPage

#: Per page (by slug below the home page, "" for the home page itself) and
#: language: the translation's title and introduction.
TEXTS = {
    "": {
        "zh-hant": (
            "退黨服務中心 · Tuidang Service Center",
            "<p>在這裡聲明退出中國共產黨、共青團和少先隊。</p>",
        ),
        "en": (
            "Tuidang Service Center",
            "<p>Statements quitting the Chinese Communist Party, the "
            "Communist Youth League and the Young Pioneers.</p>",
        ),
    },
    "statements": {
        "zh-hant": (
            "退黨聲明 · Statements",
            "<p>這是演示數據：以下聲明、人數和基數均為虛構，僅用於展示本網站的"
            "功能。(Demo data: these statements and figures are invented.)</p>",
        ),
        "en": (
            "Statements",
            "<p>Demo data: the statements, figures and baseline below are "
            "invented, to show what the site does. Each statement is shown "
            "as its author wrote it.</p>",
        ),
    },
    "news": {
        "zh-hant": (
            "新聞",
            "<p>關於退出中共的報道、訪談和評論（演示內容）。</p>",
        ),
        "en": (
            "News",
            "<p>Reports, interviews and commentary about people quitting the "
            "Chinese Communist Party (demo content).</p>",
        ),
    },
}


def ensure_translations(home):
    """Translations of the home page, the wall and the news index, each in
    every content language but the original's (once)."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    pages = {"": home}
    for model in (StatementIndexPage, ArticleIndexPage):
        for page in model.objects.child_of(home).filter(locale=home.locale):
            pages[page.slug] = page
    for code in codes:
        if code == home.locale.language_code:
            continue
        locale, _created = Locale.objects.get_or_create(language_code=code)
        for slug, page in pages.items():
            translate(page, locale, TEXTS.get(slug, {}).get(code))


def translate(page, locale, texts):
    """``page``'s translation in ``locale``, published with ``texts`` (title,
    introduction) when given; an existing translation is left alone."""
    if page.get_translations().filter(locale=locale).exists():
        return
    translation = page.copy_for_translation(locale).specific
    if texts:
        translation.title, translation.intro = texts
    translation.save_revision().publish()
