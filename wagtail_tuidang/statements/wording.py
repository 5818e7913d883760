"""Editors' wording in the reader's Chinese script.

An index page's suggested statement wording and introduction are written
once, in one script. A reader whose language is Traditional Chinese is
offered them in Traditional characters, a reader of Simplified Chinese in
Simplified ones (through :mod:`~wagtail_tuidang.statements.text`'s OpenCC
conversion); other languages see them as written. With Wagtail's
localisation each translation of a page has its own wording, which is
converted only if it is not yet in its reader's script.
"""

import re

from django.utils.translation import get_language

TRADITIONAL = "traditional"
SIMPLIFIED = "simplified"

#: Language codes (lower case, Django's form) and the script they are read in.
SCRIPTS = {
    "zh-hant": TRADITIONAL,
    "zh-tw": TRADITIONAL,
    "zh-hk": TRADITIONAL,
    "zh-mo": TRADITIONAL,
    "zh-hans": SIMPLIFIED,
    "zh-cn": SIMPLIFIED,
    "zh-sg": SIMPLIFIED,
    "zh-my": SIMPLIFIED,
}
HTML_TAG = re.compile(r"(<[^>]*>)")


def reader_script(language=None):
    """TRADITIONAL, SIMPLIFIED, or None for a language that is not Chinese
    (``language`` defaults to the active one)."""
    code = (language or get_language() or "").lower().replace("_", "-")
    for prefix, script in SCRIPTS.items():
        if code == prefix or code.startswith(prefix + "-"):
            return script
    return None


def in_reader_script(text, language=None):
    """``text`` in the script of the reader's language."""
    convert = _converter(text, language)
    return convert(text) if convert else text


def html_in_reader_script(html, language=None):
    """Rich text (HTML) with the text between its tags in the reader's
    script; tags, attributes and link targets are kept as they are."""
    if not html:
        return html
    parts = HTML_TAG.split(str(html))
    convert = _converter("".join(parts[::2]), language)
    if convert is None:
        return html
    return "".join(
        part if index % 2 else convert(part) for index, part in enumerate(parts)
    )


def _converter(text, language):
    """The conversion taking ``text`` to the reader's script, or None. Text
    already in Traditional characters is left alone for Traditional readers:
    converting it again could change characters both scripts share."""
    from .text import to_simplified, to_traditional

    script = reader_script(language)
    if not text or script is None:
        return None
    if script == SIMPLIFIED:
        return to_simplified
    if to_simplified(text) != text:
        return None
    return to_traditional
