"""The plugin ships complete, compiled catalogues for Chinese and English.

A failure lists what to fix; docs/how-to/translate.md has the workflow
(`make messages`, translate, `make messages` again).
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

import wagtail_tuidang

LOCALE_DIR = Path(wagtail_tuidang.__file__).parent / "locale"
#: Every catalogue the plugin ships; those in TRANSLATED must be complete.
CATALOGUES = ("en", "zh_Hans", "zh_Hant")
TRANSLATED = ("zh_Hans", "zh_Hant")
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[a-z_][a-z0-9_]*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # plural index → text
    flags: set = field(default_factory=set)

    @property
    def label(self):
        return f"{self.msgctxt}|{self.msgid}" if self.msgctxt else self.msgid


def parse_po(path):
    """Entries of a .po file (header first); obsolete `#~` entries are skipped."""
    entries, entry, target = [], Entry(), None

    def finish():
        nonlocal entry
        if entry.msgstr:
            entries.append(entry)
        entry = Entry()

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#,"):
            if entry.msgstr:
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            text = ast.literal_eval(rest)
            if keyword in ("msgctxt", "msgid") and entry.msgstr:
                finish()
            target = keyword
        if target.startswith("msgstr"):
            index = int(target[7:-1]) if "[" in target else 0
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
        else:
            setattr(entry, target, (getattr(entry, target) or "") + text)
    finish()
    return entries


def po_path(locale):
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def header(entries):
    assert entries[0].msgid == "", "the catalogue has no header entry"
    lines = entries[0].msgstr[0].splitlines()
    return dict(line.split(": ", 1) for line in lines if ": " in line)


def compiled_catalog(locale):
    mo_path = po_path(locale).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    with mo_path.open("rb") as mo_file:
        return gettext.GNUTranslations(mo_file)._catalog


def mo_key(entry, index):
    key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    return (key, index) if entry.msgid_plural is not None else key


@pytest.mark.parametrize("locale", CATALOGUES)
def test_catalogue_header_declares_utf8(locale):
    entries = parse_po(po_path(locale))
    assert "fuzzy" not in entries[0].flags, "remove `#, fuzzy` from the header"
    fields = header(entries)
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Language") == locale
    assert "Plural-Forms" in fields


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_string_is_translated(locale):
    entries = parse_po(po_path(locale))[1:]
    assert len(entries) > 1
    untranslated = [
        e.label for e in entries if not all(e.msgstr.values()) or "fuzzy" in e.flags
    ]
    assert not untranslated, f"{locale}: translate or unfuzzy {untranslated}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_keep_every_placeholder(locale):
    wrong = []
    for entry in parse_po(po_path(locale))[1:]:
        if "fuzzy" in entry.flags:
            continue  # reported by test_every_string_is_translated
        expected = PLACEHOLDER.findall(entry.msgid)
        if entry.msgid_plural is not None:
            # One Chinese form serves every number, so it may name the count
            # that only the English plural has ("最近 %(days)s 天").
            expected += PLACEHOLDER.findall(entry.msgid_plural)
        for text in filter(None, entry.msgstr.values()):
            found = PLACEHOLDER.findall(text)
            if entry.msgid_plural is None:
                matches = sorted(found) == sorted(expected)
            else:
                matches = set(found) <= set(expected)
            if not matches:
                wrong.append(entry.label)
    assert not wrong, f"{locale}: placeholders differ from the English in {wrong}"


@pytest.mark.parametrize("locale", CATALOGUES)
def test_compiled_catalogue_matches_the_po_file(locale):
    catalog = compiled_catalog(locale)
    stale = [
        entry.label
        for entry in parse_po(po_path(locale))[1:]
        if "fuzzy" not in entry.flags
        for index, text in entry.msgstr.items()
        if text and catalog.get(mo_key(entry, index)) != text
    ]
    assert not stale, f"{locale}: run `make messages` to compile {stale}"


def render_home_page(page, language):
    request = RequestFactory().get("/")
    with translation.override(language):
        return render_to_string("home/home_page.html", {"page": page}, request)


def test_example_site_page_renders_in_simplified_chinese(home_page):
    html = render_home_page(home_page, "zh-hans")
    assert '<html lang="zh-hans">' in html
    assert "跳到主要内容" in html
    assert "Skip to content" not in html


def test_example_site_page_renders_in_traditional_chinese(home_page):
    html = render_home_page(home_page, "zh-hant")
    assert "跳到主要內容" in html


def test_english_shows_the_source_strings(home_page):
    assert "Skip to content" in render_home_page(home_page, "en")


def test_visitor_gets_the_language_their_browser_asks_for(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-TW,zh-Hant;q=0.9")
    assert response.status_code == 200
    assert "跳到主要內容" in response.text
