"""Text hygiene for statements: what is refused, and the duplicate fingerprint.

Accepted text is stored exactly as given (it must round-trip: CJK Extension B,
emoji sequences, right-to-left scripts); only the fingerprint is normalised.
"""

import hashlib
import re
import unicodedata
from functools import lru_cache

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
    from opencc import OpenCC

    return OpenCC("t2s")


def fold_name(name):
    """NFKC, case-folded, invisible characters and spaces removed, Traditional
    characters mapped to Simplified: two spellings of one name fold alike."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = WHITESPACE.sub("", DEFAULT_IGNORABLE.sub("", folded))
    return _t2s().convert(folded)


def fingerprint(name, region):
    """Hex digest identifying "the same name from the same region"."""
    key = f"{fold_name(name)}\x1f{region}".encode()
    return hashlib.sha256(key).hexdigest()
