"""New statement rows written in bulk, for :func:`transitions.submit_imported`
only (which decides what they hold: nothing else writes ``status``).

On PostgreSQL the rows go in with one ``COPY`` per batch, several times
faster than ``INSERT`` (a million rows in well under a minute); elsewhere
with ``bulk_create``. No Statement object is built for a row: at a million
rows, building them costs more than writing them.
"""

from django.db import connection

from .models import Statement, new_public_id

#: Fields a new row gets from the caller's values or, failing that, its
#: model default; the primary key comes from the database.
FIELDS = [field for field in Statement._meta.concrete_fields if not field.primary_key]
#: Fields whose default is made for each row.
PER_ROW = {"public_id": new_public_id}


def defaults():
    """The default of every field that is the same for all rows."""
    return {
        field.attname: field.get_default()
        for field in FIELDS
        if field.name not in PER_ROW
    }


def insert(rows):
    """Write ``rows`` (dicts of field attnames → values; absent fields take
    their default) as new statements. Call inside a transaction."""
    if not rows:
        return
    base = defaults()
    columns = [field.attname for field in FIELDS]
    for row in rows:
        for name, make in PER_ROW.items():
            if name not in row:
                row[name] = make()
    if _can_copy():
        _copy(rows, columns, base)
    else:
        Statement.objects.bulk_create(
            [Statement(**{**base, **row}) for row in rows], batch_size=1000
        )


def _can_copy():
    """Whether rows can go in with COPY: PostgreSQL through psycopg 3."""
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


def _copy(rows, columns, base):
    table = connection.ops.quote_name(Statement._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in FIELDS)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[n] if n in row else base[n] for n in columns])
