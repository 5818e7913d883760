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

On PostgreSQL, migration 0013 indexes it for published statements twice: a
trigram index (``pg_trgm``) for searches of three characters or more, and an
index of its single characters and pairs (:data:`GRAMS_FUNCTION`) for
shorter ones, which a trigram index cannot serve (see
docs/explanation/scale.md).

A page of search results is read by :func:`first_matches`: on PostgreSQL,
a short walk of the listing in order tells how common the words are near
the page, and decides how the rest is read: through those indexes alone
for a rare word, or walking the listing in order for a commoner one.
"""

import datetime

from django.db import connections, transaction
from django.db.models import DateTimeField, F, Q, Subquery, Value
from django.db.models.functions import Coalesce, StrIndex
from django.db.models.lookups import Contains, GreaterThan

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
#: The SQL function (migration 0013, PostgreSQL) giving the distinct single
#: characters and pairs of characters of a text, for the index of short
#: searches.
GRAMS_FUNCTION = "tuidang_grams"
#: Longest search (in characters, once folded) served by that index.
GRAM_LENGTH = 2
#: Most matches :func:`first_matches` reads through the search indexes
#: before it leaves the search to the walk of the listing in order.
CANDIDATE_CAP = 2000


def name_is_public(statement):
    """Whether ``statement.name`` is what the public reads: an alias (not a
    real name), or a real name its submitter agreed to publish and enough
    moderators confirmed. The one rule for the name shown
    (``Statement.public_name``) and the name searched."""
    if not statement.is_real_name:
        return True
    return bool(statement.consent_real_name and statement.real_name_confirmed)


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
    return Q(FoldedContains(F("search_text"), folded))


class FoldedContains(Contains):
    """``LIKE '%words%'`` on folded text (no ``UPPER()``: both sides are
    folded already). On PostgreSQL, words of one or two characters are also
    looked up among the row's characters and pairs, the condition the index
    of short searches serves; the ``LIKE`` stays, so the result is the same
    with or without that index."""

    def as_postgresql(self, compiler, connection):
        sql, params = self.as_sql(compiler, connection)
        if len(self.rhs) > GRAM_LENGTH:
            return sql, params
        lhs, lhs_params = self.process_lhs(compiler, connection)
        grams = f"{GRAMS_FUNCTION}({lhs}) @> ARRAY[%s]::text[]"
        return f"({grams} AND {sql})", (*lhs_params, self.rhs, *params)


def first_matches(words):
    """A ``fetch`` for :func:`.pagination.paginate`: the first rows of a
    listing (not yet searched) in order that match ``words``, exactly the
    rows ``first_rows`` gives for the listing filtered by
    :func:`public_match`, found in at most three steps on PostgreSQL.

    Left to itself, PostgreSQL walks the listing index in order and tests
    every row until it has a page of matches: quick for a common word,
    seconds at 10 million rows for a rare one, whose matches are far apart.
    So:

    1. the next :data:`WINDOW` rows of the listing are walked in order; a
       common word fills its page there, in one query, and the matches
       found tell how common the word is near here;
    2. a word with fewer than :data:`SPARSE` matches there is looked up in
       the search indexes (a bitmap scan, the only kind allowed for that
       query): at most :data:`CANDIDATE_CAP` matches, keys only, put in
       order, and the first ones loaded by primary key;
    3. a word with more matches than that is common enough to be walked
       in order (its matches are near each other).
    """
    condition = public_match(words)
    # Walking in order: strpos(), which no search index serves (so the
    # planner cannot turn the walk into a read of every match), and which
    # spares each row walked the function the index of short searches needs.
    walked = Q(GreaterThan(StrIndex(F("search_text"), Value(fold(words))), 0))

    def fetch(queryset, order, limit):
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or not fold(words):
            return list(queryset.filter(condition).order_by(*order)[:limit])
        rows, done = _in_window(queryset, walked, order, limit)
        if done:
            return rows
        if len(rows) < SPARSE:
            found = _through_index(queryset, condition, order, limit)
            if found is not None:
                return found
        return list(queryset.filter(walked).order_by(*order)[:limit])

    return fetch


#: Rows of the listing the first step of :func:`first_matches` walks.
WINDOW = 2000
#: Fewer matches than this in the window make :func:`first_matches` ask the
#: search indexes for all of the word's matches (at most CANDIDATE_CAP).
SPARSE = 2
#: Before and after any publication time: the window's end when the
#: listing is shorter than the window.
FAR_PAST = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
FAR_FUTURE = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)


def _in_window(queryset, walked, order, limit):
    """(the first ``limit`` matches among the next :data:`WINDOW` rows,
    whether they are the answer: a full page, or the whole listing). One
    query: the window ends at the publication time of its last row (a
    subquery the listing index answers alone), so it is the start of the
    listing in ``order``, whatever it holds."""
    times = queryset.order_by(*order).values("published_at")
    end = Subquery(times[WINDOW - 1 : WINDOW], output_field=DateTimeField())
    if order[0].startswith("-"):
        bound = Q(published_at__gte=Coalesce(end, Value(FAR_PAST)))
    else:
        bound = Q(published_at__lte=Coalesce(end, Value(FAR_FUTURE)))
    window = queryset.filter(walked, bound).annotate(search_window_end=end)
    rows = list(window.order_by(*order)[:limit])
    done = len(rows) == limit or bool(rows and rows[0].search_window_end is None)
    return rows, done


def _bitmaps_only(cursor):
    """For the current transaction only: bitmap scans or nothing; memory
    for an exact bitmap (a lossy one rechecks whole pages, calling the
    function of the index of short searches on every row); no JIT
    compilation or parallel workers, which take longer to start than these
    queries take to run."""
    cursor.execute(
        "SELECT set_config('enable_seqscan', 'off', true), "
        "set_config('enable_indexscan', 'off', true), "
        "set_config('enable_indexonlyscan', 'off', true), "
        "set_config('work_mem', '64MB', true), "
        "set_config('jit', 'off', true), "
        "set_config('max_parallel_workers_per_gather', '0', true)"
    )


def _through_index(queryset, condition, order, limit):
    """The first ``limit`` matches, read through the search indexes, if
    there are at most :data:`CANDIDATE_CAP`; else None. They are loaded
    by primary key from ``queryset`` without the search condition, which
    they are known to meet: with it, the planner may read the search index
    again instead of the primary key."""
    keys = queryset.filter(condition).order_by().values_list("published_at", "pk")
    db = queryset.db
    with transaction.atomic(using=db), connections[db].cursor() as cursor:
        _bitmaps_only(cursor)
        candidates = list(keys[: CANDIDATE_CAP + 1])
    if len(candidates) > CANDIDATE_CAP or any(key[0] is None for key in candidates):
        return None
    candidates.sort(reverse=order[0].startswith("-"))
    pks = [pk for _published_at, pk in candidates[:limit]]
    return list(queryset.filter(pk__in=pks).order_by(*order))


def refresh(queryset, batch_size=BATCH_SIZE):
    """Rewrite ``search_text`` of every row of ``queryset`` whose stored one
    is out of date, in primary-key batches (memory stays flat on any number
    of rows); returns how many were rewritten. Works on a migration's
    historical model as on the real one."""
    fields = ["pk", "search_text", *sorted(SOURCE_FIELDS)]
    last, changed = None, 0
    while True:
        batch = queryset.order_by("pk").only(*fields)
        if last is not None:
            batch = batch.filter(pk__gt=last)
        rows = list(batch[:batch_size])
        if not rows:
            return changed
        fresh = ((search_text(row), row) for row in rows)
        stale = [(new, row.pk) for new, row in fresh if new != row.search_text]
        _write(queryset, stale)
        changed += len(stale)
        last = rows[-1].pk


def _write(queryset, values):
    """One ``UPDATE`` per row, sent together: far cheaper than
    ``bulk_update``'s ``CASE`` over a whole batch, which SQLite evaluates
    row by row."""
    if not values:
        return
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    opts = queryset.model._meta
    # Only quoted names of this model are formatted in; values are params.
    sql = (
        f"UPDATE {quote(opts.db_table)} SET {quote('search_text')} = %s "  # noqa: S608
        f"WHERE {quote(opts.pk.column)} = %s"
    )
    # One transaction per batch: SQLite would otherwise commit every row.
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        cursor.executemany(sql, values)
