"""New statement rows written in bulk, for :func:`transitions.submit_imported`
only (which decides what they hold: nothing else writes ``status``).

Each row is a dict of the values that differ from row to row (every row of
one call has the same keys); ``constants`` gives those that are the same for
all, and the model's defaults the rest. No Statement object is built for a
row: at a million rows, building them costs more than writing them.

On PostgreSQL a batch goes in with two statements: a ``COPY`` of the rows'
own values into a temporary table (no index, no WAL), then one ``INSERT …
SELECT … ON CONFLICT DO NOTHING`` on the import key's unique index, which
tells which rows it stored. A row imported meanwhile by another import of the
same file is so left out, never stored twice, and the batch goes on; no
planner estimate is involved in finding the rows already there. Elsewhere
the rows go in with ``bulk_create``: the caller has left out the rows already
there, and a row imported meanwhile fails the batch on the unique index.
"""

import operator

from django.db import connection

from .models import Statement, new_public_id

#: Fields a new row gets from its values, the constants or, failing those,
#: its model default; the primary key comes from the database.
FIELDS = [field for field in Statement._meta.concrete_fields if not field.primary_key]
BY_ATTNAME = {field.attname: field for field in FIELDS}
#: Fields whose default is made for each row.
PER_ROW = {"public_id": new_public_id}
#: The temporary table a batch is copied to, dropped at the commit.
STAGING = "tuidang_import_rows"


def defaults():
    """The default of every field that is the same for all rows."""
    return {
        field.attname: field.get_default()
        for field in FIELDS
        if field.name not in PER_ROW
    }


def insert(rows, constants=None):
    """Write ``rows`` as new statements, each with ``constants`` (dicts of
    field attnames → values; absent fields take their default); returns the
    rows stored, in order. On PostgreSQL a row whose import key the wall has
    is left out (:func:`leaves_out_existing`). Call inside a transaction."""
    if not rows:
        return []
    for name, make in PER_ROW.items():
        if name not in rows[0]:
            for row in rows:
                row[name] = make()
    constants = constants or {}
    # The constants win over anything a row holds.
    names = [name for name in BY_ATTNAME if name in rows[0] and name not in constants]
    given = {**defaults(), **constants}
    fixed = {name: given[name] for name in BY_ATTNAME if name not in names}
    if _can_copy():
        return _copy(rows, names, fixed)
    Statement.objects.bulk_create(
        [Statement(**{**row, **fixed}) for row in rows], batch_size=1000
    )
    return rows


def leaves_out_existing():
    """Whether :func:`insert` itself leaves out the rows whose import key
    the wall has (PostgreSQL); elsewhere the caller looks them up first
    (:func:`imported`)."""
    return _can_copy()


def imported(wall, keys):
    """The import keys of ``keys`` that the wall ``wall`` (a page id) has."""
    return _present("import_key", wall, keys, "index_page_id = %s")


def named(wall, public_ids):
    """The ``public_id``s of ``public_ids`` that are statements of the wall."""
    return _present("public_id", wall, public_ids, "index_page_id + 0 = %s")


def fingerprints(wall, values):
    """The duplicate fingerprints of ``values`` that the wall has."""
    # "+ 0": never through the index of the wall's pages, which a planner
    # that believes the wall small would walk for every absent fingerprint.
    return _present("fingerprint", wall, values, "index_page_id + 0 = %s")


def _present(column, wall, values, on_wall):
    values = list(values)
    if not values:
        return set()
    if connection.vendor != "postgresql":
        mine = Statement.objects.filter(index_page_id=wall)
        lookup = mine.filter(**{f"{column}__in": values})
        return set(lookup.values_list(column, flat=True).distinct().order_by())
    # Each value looked up on its own through an index, whatever the planner
    # believes of the wall's size: a LATERAL subquery with a LIMIT is never
    # turned into a join that reads the whole wall (which statistics taken
    # before a large import would otherwise choose, for every batch).
    table = connection.ops.quote_name(Statement._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            # Names of the model's own table and columns, values as parameters.
            f"SELECT value FROM unnest(%s::text[]) AS value CROSS JOIN LATERAL "  # noqa: S608
            f"(SELECT 1 FROM {table} WHERE {column} = value AND {on_wall} "
            f"LIMIT 1) AS found",
            [values, wall],
        )
        return {value for (value,) in cursor.fetchall()}


def analyse_after(created):
    """On PostgreSQL, ``ANALYZE`` the statement table once ``created`` new
    rows are more than autovacuum's own threshold for it (50 rows and a
    tenth of the rows last counted; always on a table never analysed). The
    wall's filters and searches are planned from these statistics: at 10
    million statements a rare search takes about a millisecond on an
    analysed table and up to half a second on one never analysed, until
    autovacuum's next round gets to it, or never where autovacuum is off.
    Returns whether it analysed. Call it once the rows have committed."""
    if connection.vendor != "postgresql" or not created:
        return False
    table = connection.ops.quote_name(Statement._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table]
        )
        (counted,) = cursor.fetchone()
        # -1 (PostgreSQL 14 and later): never analysed nor vacuumed.
        if 0 <= counted and created <= 50 + 0.1 * counted:
            return False
        cursor.execute(f"ANALYZE {table}")
    return True


def _can_copy():
    """Whether rows can go in with COPY: PostgreSQL through psycopg 3."""
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


def _copy(rows, names, fixed):
    quote = connection.ops.quote_name
    table = quote(Statement._meta.db_table)
    copied = ", ".join(quote(_column(name)) for name in names)
    values = operator.itemgetter(*names)
    with connection.cursor() as cursor:
        # A table of this transaction only: dropped (with its rows) at the
        # commit, and made again for each batch, as the columns may differ.
        cursor.execute(
            f"DROP TABLE IF EXISTS pg_temp.{STAGING}; "  # noqa: S608
            f"CREATE TEMPORARY TABLE {STAGING} ON COMMIT DROP AS "
            f"SELECT {copied} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {STAGING} ({copied}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(values(row))
        columns = ", ".join([copied, *(quote(_column(name)) for name in fixed)])
        # Typed: an untyped NULL would be read as text.
        placeholders = ", ".join(
            f"%s::{BY_ATTNAME[name].cast_db_type(connection)}" for name in fixed
        )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "  # noqa: S608
            f"SELECT {copied}, {placeholders} FROM {STAGING} ORDER BY ctid "
            f"ON CONFLICT (index_page_id, import_key) "
            f"WHERE import_key IS NOT NULL DO NOTHING RETURNING import_key",
            [_prepared(name, value) for name, value in fixed.items()],
        )
        stored = {key for (key,) in cursor.fetchall()}
    return [row for row in rows if row["import_key"] in stored]


def _column(attname):
    return BY_ATTNAME[attname].column


def _prepared(attname, value):
    return BY_ATTNAME[attname].get_db_prep_save(value, connection)
