"""Searching statements across scripts, widths and case.

Each statement keeps ``search_text``: the words the public may read, folded
by :func:`.text.fold` (Traditional → Simplified, fullwidth → halfwidth,
case-folded, look-alike letters joined). A search folds its words the same
way and looks for them with a plain substring match, so 退黨 finds 退党,
葉誠心 finds 叶诚心 and ＡＢＣ finds abc.

Only public words go in: the name as shown (a real name only once it is
public, otherwise the alias) and the statement's text. A real name that is
not shown is never in it, so no search on the wall can find a statement by a
name it does not show. ``Statement.save`` rewrites it whenever one of
:data:`SOURCE_FIELDS` is saved; code that changes those fields with
``QuerySet.update()`` calls :func:`refresh` on the rows it changed.

On PostgreSQL, migration 0013 adds a trigram index on it for published
statements (see docs/explanation/scale.md).
"""

from django.db.models import Q

from .text import fold

#: The fields ``search_text`` is made of; saving any of them rewrites it.
SOURCE_FIELDS = frozenset(
    {
        "name",
        "alias",
        "text",
        "is_real_name",
        "consent_real_name",
        "real_name_confirmed",
    }
)
#: Between the name and the text: a folded search never holds a line break,
#: so no search matches across the two.
SEPARATOR = "\n"
#: Rows rewritten per query by :func:`refresh`.
BATCH_SIZE = 1000


def name_is_public(statement):
    """Whether ``statement.name`` is what the public reads: an alias (not a
    real name), or a real name its submitter agreed to publish and enough
    moderators confirmed."""
    if not statement.is_real_name:
        return True
    return statement.consent_real_name and statement.real_name_confirmed


def search_text(statement):
    """The folded public words of ``statement`` (any object with the fields
    in :data:`SOURCE_FIELDS`, a migration's historical model too)."""
    name = statement.name if name_is_public(statement) else statement.alias
    parts = [fold(name), fold(statement.text)]
    return SEPARATOR.join(parts) if any(parts) else ""


def public_match(words):
    """The condition "the public words contain ``words``", across scripts,
    widths and case. Words that fold to nothing (only invisible characters)
    match nothing."""
    folded = fold(words)
    if not folded:
        return Q(pk__in=[])
    return Q(search_text__contains=folded)


def refresh(queryset, batch_size=BATCH_SIZE):
    """Rewrite ``search_text`` of every row of ``queryset`` whose stored one
    is out of date, in primary-key batches (memory stays flat on any number
    of rows); returns how many were rewritten. Works on a migration's
    historical model as on the real one."""
    fields = ["pk", "search_text", *sorted(SOURCE_FIELDS)]
    model, last, changed = queryset.model, None, 0
    while True:
        batch = queryset.order_by("pk").only(*fields)
        if last is not None:
            batch = batch.filter(pk__gt=last)
        rows = list(batch[:batch_size])
        if not rows:
            return changed
        stale = [row for row in rows if _refreshed(row)]
        model._base_manager.bulk_update(stale, ["search_text"], batch_size=batch_size)
        changed += len(stale)
        last = rows[-1].pk


def _refreshed(row):
    """Set ``row.search_text`` to what it should be; whether it changed."""
    new = search_text(row)
    if row.search_text == new:
        return False
    row.search_text = new
    return True
