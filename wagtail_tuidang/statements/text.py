"""Text hygiene for statements: what is refused, the fold, and the duplicate
fingerprint.

Accepted text is stored exactly as given (it must round-trip: CJK Extension B,
emoji sequences, right-to-left scripts); only the fingerprint and the search
text are folded.
"""

import hashlib
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt).
DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# Directional formatting characters: they can make text display as something
# other than what it says ("Trojan source"), so they are refused everywhere.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Control characters other than tab and line breaks.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SURROGATE_OR_REPLACEMENT = re.compile("[\ud800-\udfff\ufffd]")
WHITESPACE = re.compile(r"\s+")
# Dots written between the parts of a name (张·伟, ジョン・スミス, Mary•Ann):
# interpuncts, katakana middle dots, bullets, hyphenation points.
NAME_DOTS = re.compile(
    "[\u00b7\u0387\u16eb\u2022\u2027\u2219\u22c5\u2e31\u30fb\u318d"
    "\ua78f\uff65\U00010101]"
)
# What else is written between or over a name's letters without making it
# another name (张-伟, 张˙伟, Mary_Ann, O'Brien): hyphens and dashes,
# underscores, full stops, apostrophes, the Arabic tatweel, Unicode's
# spacing modifier letters, and the combining marks NFKC could not compose
# into a letter. Literal characters only: the refingerprint migration uses
# the same class as a database regex.
NAME_MARKS = re.compile(
    "[-_.'`\u00b4\u0640\u02b0-\u02ff\u0300-\u036f\u2010-\u2015\u2018\u2019"
    "\u201b\u2032\u20d0-\u20ff\u3002\ufe20-\ufe2f\ufe58\ufe63\uff07\uff0d"
    "\uff0e\uff3f\uff61]"
)


def _refuse_common(value):
    if SURROGATE_OR_REPLACEMENT.search(value):
        raise ValidationError(
            _(
                "This text contains characters that could not be read. Please "
                "type it again."
            ),
            code="encoding",
        )
    if CONTROL.search(value):
        raise ValidationError(
            _("This text contains control characters. Please remove them."),
            code="control",
        )
    if BIDI_CONTROLS.search(value):
        raise ValidationError(
            _(
                "This text contains invisible direction-changing characters. "
                "Please remove them."
            ),
            code="bidi",
        )


def validate_name(value):
    """Names: no control, direction or invisible characters, not blank."""
    _refuse_common(value)
    if DEFAULT_IGNORABLE.search(value):
        raise ValidationError(
            _("This name contains invisible characters. Please remove them."),
            code="invisible",
        )
    if not value.strip():
        raise ValidationError(_("Please enter a name."), code="blank")


def validate_text(value):
    """Statement text: line breaks and emoji joiners are fine, controls are not."""
    _refuse_common(value.replace("\r", "").replace("\n", "").replace("\t", ""))


@lru_cache(maxsize=1)
def _t2s():
    # The ``opencc`` module of the OpenCC package (native, declared) or, on a
    # platform it has no wheel for, of opencc-python-reimplemented (pure
    # Python): both take "t2s" and have ``convert()``.
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


def to_simplified(text):
    """``text`` with Traditional Chinese characters and phrases written in
    Simplified ones; other scripts unchanged."""
    return _t2s().convert(text)


def to_traditional(text):
    """``text`` with Simplified Chinese characters and phrases written in
    Traditional ones; other scripts unchanged."""
    return _s2t().convert(text)


def _representative(characters):
    """The character a look-alike class folds to, so that a skeleton stays
    readable: one NFKC leaves alone, then a lowercase ASCII letter, a digit,
    any ASCII, a CJK ideograph, and the lowest code point last."""

    def preference(char):
        return (
            unicodedata.normalize("NFKC", char) != char,
            not (char.isascii() and char.islower()),
            not (char.isascii() and char.isdigit()),
            not char.isascii(),
            not "\u4e00" <= char <= "\u9fff",
            ord(char),
        )

    return min(characters, key=preference)


@lru_cache(maxsize=1)
def _confusable_table():
    """Character → the representative of its class of look-alikes.

    Built from Unicode's confusables data (UTS #39, as shipped by the
    ``confusable_homoglyphs`` package): characters confusable one for one
    are joined into classes, and each class folds to one representative, so
    Cyrillic "е", Greek "ο" and Latin "e", "o" fold alike.
    """
    import confusable_homoglyphs

    data = resources.files(confusable_homoglyphs).joinpath("confusables.json")
    pairs = json.loads(data.read_text(encoding="utf-8"))
    parent = {}

    def root(char):
        while parent.get(char, char) != char:
            char = parent[char]
        return char

    for char, lookalikes in pairs.items():
        for lookalike in (entry["c"] for entry in lookalikes):
            if len(char) == 1 and len(lookalike) == 1:
                a, b = root(char), root(lookalike)
                if a != b:
                    parent[a] = b
    classes = {}
    for char in parent.keys() | set(parent.values()):
        classes.setdefault(root(char), []).append(char)
    table = {}
    for members in classes.values():
        representative = _representative(members)
        table.update({ord(c): representative for c in members if c != representative})
    return table


def skeleton(text):
    """``text`` with every look-alike character replaced by its class's
    representative (a Unicode TR39-style skeleton, one character for one).

    For comparing, never for display: two strings that look the same have
    the same skeleton, whatever scripts they mix.
    """
    return text.translate(_confusable_table())


def fold(text, spaces=True):
    """``text`` as compared, never as shown: NFKC (fullwidth Ａ is A),
    case-folded, invisible characters and the dots between a name's parts
    removed, Traditional characters mapped to Simplified and look-alike
    letters of other scripts folded together. Runs of whitespace become one
    space, or nothing without ``spaces``.

    The one fold behind duplicate fingerprints (:func:`fold_name`) and
    search (:mod:`.search`): what one finds alike, the other does too.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = WHITESPACE.sub(" " if spaces else "", DEFAULT_IGNORABLE.sub("", folded))
    folded = NAME_DOTS.sub("", folded)
    folded = skeleton(_t2s().convert(folded)).casefold()
    return " ".join(folded.split()) if spaces else folded


def fold_name(name):
    """:func:`fold` without spaces, dashes, apostrophes or stray marks: two
    spellings of one name fold alike (张·伟, 张-伟 and 張偉, "Ivan" with a
    Cyrillic І and "ivan", "O'Brien" and "OBrien")."""
    folded = fold(name, spaces=False)
    # Twice: a mark removed may have kept a look-alike from folding.
    return skeleton(NAME_MARKS.sub("", folded)).casefold()


def fingerprint(name, region):
    """Hex digest identifying "the same name from the same region"."""
    key = f"{fold_name(name)}\x1f{region}".encode()
    return hashlib.sha256(key).hexdigest()
