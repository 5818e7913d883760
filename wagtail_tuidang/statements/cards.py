"""Statement cards on the wall, rendered once and kept in the cache.

A page of the wall shows 50 cards (``wagtail_tuidang/statements/_statement.html``).
Rendering them was most of the page's time, and a card changes far less
often than the pages it appears on: the first page shifts by a card with
every publication, but each card stays as it was.

Each card is cached under its statement's id and the language
(:func:`card_key`), together with a digest of everything it is drawn from:
the statement's public columns (``PUBLIC_COLUMNS``, with those that decide
which name it shows, and its registration number), the card template's
source and those of the templates it includes, the plugin's version, the
permalinks' address, and the language's labels and formats. A card is served
from the cache only while that digest is the same, so a statement edited,
redacted, taken down, whose real name was confirmed or whose consent was
withdrawn shows its new card at once, by construction, whatever path changed
it; a statement that is no longer published is not read at all. The digest
is keyed (from ``SECRET_KEY``): it covers a real name that may not be shown.
The cards of a page are fetched with one ``get_many`` and the missing ones
written with one ``set_many``; a cache that fails is a miss (see
:mod:`wagtail_tuidang.cache`), and the page renders every card itself.

:func:`forget` drops the cached cards of statements whose publication
changed (called with every CDN purge, see :mod:`.purge`), so that a card no
longer shown does not stay in the cache until it expires.

A site that overrides the card template keeps this: the override's source
(and what it includes) is part of the digest. It must show only what the
digest covers (the statement's public columns, its wall's address and the
language): a card is rendered once for every reader.
"""

import hashlib
import operator

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.contrib.routable_page.templatetags.wagtailroutablepage_tags import (
    routablepageurl,
)

from .. import __version__, cache, fragments
from . import labels
from .models import PUBLIC_COLUMNS

#: The template of one card; the wall includes it once per statement.
TEMPLATE = "wagtail_tuidang/statements/_statement.html"
#: Seconds a card stays cached (a card whose digest changed is never served).
TIMEOUT = 24 * 60 * 60
KEY_PREFIX = "wagtail_tuidang:card"
#: The columns a card is drawn from: every public column of a statement,
#: the fields that decide which name it shows among them (see
#: :attr:`~wagtail_tuidang.models.Statement.public_name`).
SHOWN_COLUMNS = (*PUBLIC_COLUMNS, "registration_number")
KEY_SALT = "wagtail_tuidang.statements.cards"

_shown = operator.attrgetter(*SHOWN_COLUMNS)
_source_digests = {}


def card_key(statement_id, language):
    """The cache key of a statement's card in ``language``."""
    return f"{KEY_PREFIX}:{statement_id}:{language}"


def render_cards(context, statements, template_name=TEMPLATE):
    """``{statement id: card HTML}`` for ``statements``, rendered as
    ``{% include template_name %}`` would render each in ``context`` (with
    ``statement`` set), from the cache where the card is unchanged."""
    if not statements:
        return {}
    template = context.template.engine.get_template(template_name)
    language = translation.get_language()
    stamp = _stamp(context, template, language)
    key = salted_hmac(KEY_SALT, "card").digest()
    digests = {s.pk: _digest(key, stamp, s) for s in statements}
    keys = {statement.pk: card_key(statement.pk, language) for statement in statements}
    found = cache.get_many(list(keys.values()))
    cards, missing = {}, {}
    for statement in statements:
        entry = found.get(keys[statement.pk])
        if _valid(entry, digests[statement.pk]):
            cards[statement.pk] = mark_safe(entry[1])  # noqa: S308 (our own render)
            continue
        with context.push(statement=statement):
            html = template.render(context)
        cards[statement.pk] = html
        missing[keys[statement.pk]] = (digests[statement.pk], str(html))
    if missing:
        cache.set_many(missing, TIMEOUT)
    return cards


def forget(statements):
    """Drop the cached cards of ``statements`` in every language."""
    codes = {code for code, _name in settings.LANGUAGES} | {settings.LANGUAGE_CODE}
    cache.delete_many(
        [card_key(statement.pk, code) for statement in statements for code in codes]
    )


def _valid(entry, digest):
    return isinstance(entry, tuple) and len(entry) == 2 and entry[0] == digest


def _stamp(context, template, language):
    """What every card of one render shares and shows: the template, the
    plugin's version, the permalinks' address, the language's words and
    formats."""
    page = context.get("page")
    return repr(
        (
            __version__,
            _source_digest(fragments.template_text(template)),
            language,
            routablepageurl(context, page, "detail", "-"),
            labels.fingerprint(),
            gettext("Anonymous"),
            formats.get_format("DATE_FORMAT"),
            formats.get_format("THOUSAND_SEPARATOR"),
            timezone.get_current_timezone_name(),
        )
    ).encode()


def _source_digest(source):
    """The digest of a template's text (its source and those of the
    templates it includes), computed once per process (a template reloaded
    while developing adds one: a few are kept)."""
    digest = _source_digests.get(source)
    if digest is None:
        if len(_source_digests) >= 16:
            _source_digests.clear()
        digest = hashlib.blake2b(source.encode(), digest_size=16).hexdigest()
        _source_digests[source] = digest
    return digest


def _digest(key, stamp, statement):
    """A keyed digest of what ``statement``'s card shows: it holds a real
    name that may not be shown, so it must not be a plain hash."""
    shown = repr(_shown(statement)).encode()
    return hashlib.blake2b(stamp + shown, key=key, digest_size=16).digest()
