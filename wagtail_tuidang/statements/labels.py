"""Display labels of a statement's choices, translated once per language.

Django's ``get_FOO_display()`` rebuilds the dict of a field's translated
choices on every call: for the region, 36 ``gettext`` calls (~89 µs), so 50
statements on a page of the wall spent 1,800 translation lookups on their
region alone. Here each mapping is built once per language and process and
read from a dict afterwards; the text is the same as Django's.
"""

import hashlib

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import Organisation, Region

#: Between the organisations a statement quits ("中国共产党、共青团").
LIST_SEPARATOR = pgettext_lazy("list separator", ", ")
#: The labels of a statement card, read once per language (see :func:`card`).
CARD_LABELS = {
    "quits": _("Quits"),
    "people": _("People"),
    "region": _("Region"),
    "declared": _("Declared"),
}

# Keyed by what was translated and the language it was translated into:
# a new language builds its own entry, nothing is ever out of date (the
# catalogues do not change while a process runs).
_cache = {}


def _cached(key, build):
    key = (key, translation.get_language())
    try:
        return _cache[key]
    except KeyError:
        value = _cache[key] = build()
        return value


def choice_label(choices, value):
    """The label of ``value`` in the ``TextChoices`` class ``choices``, in the
    active language; an unknown value is returned as it is (as
    ``get_FOO_display()`` does)."""
    labels = _cached(choices, lambda: _translated(choices.choices))
    return labels.get(value, value)


def organisations(flags):
    """The organisations quit, listed in the active language
    ("Chinese Communist Party, Young Pioneers"): ``flags`` are the
    statement's three ``quit_*`` values, in :class:`Organisation`'s order."""

    def build():
        pairs = zip(Organisation, flags, strict=True)
        chosen = [str(org.label) for org, quits in pairs if quits]
        return str(LIST_SEPARATOR).join(chosen)

    return _cached(("organisations", tuple(flags)), build)


def card():
    """The headings of a statement card (:data:`CARD_LABELS`), translated."""
    return _cached("card", lambda: _translated(CARD_LABELS.items()))


def fingerprint():
    """A digest of every label above in the active language (the card's
    headings, the organisations, the regions and the list separator): it
    changes when a catalogue does, for caches of what shows them."""

    def build():
        words = (
            card(),
            _translated(Organisation.choices),
            _translated(Region.choices),
            str(LIST_SEPARATOR),
        )
        return hashlib.blake2b(repr(words).encode(), digest_size=16).hexdigest()

    return _cached("fingerprint", build)


def _translated(pairs):
    return {key: str(label) for key, label in pairs}
