"""On PostgreSQL: indexes for the wall's filters, in the wall's order, and no
``_like`` indexes that no query reads.

1. ``tuidang_stmt_region_idx`` on ``(index_page, region, published_at DESC,
   id DESC)`` and one partial index per organisation (``…_party_idx``,
   ``…_youth_league_idx``, ``…_young_pioneers_idx``) on ``(index_page,
   published_at DESC, id DESC)``, all for published statements only. A
   filtered page of the wall then reads its 51 rows from the index in order,
   whatever share of the rows the filter keeps; without them the database
   walks the general listing index until it has found 51 matches, which for
   a rare region (0.001 % of the rows) meant 1.1 s at 10 million statements.
2. Drops the ``varchar_pattern_ops`` indexes Django adds for ``public_id``,
   ``fingerprint``, ``receipt_hash`` and ``submission_key`` (the ``_like``
   ones): they serve ``LIKE 'abc%'`` only, no query of the plugin runs one
   on these columns (every lookup is by equality, which the plain index
   serves), and each was written on every insert. Reversing builds them
   again under Django's names.

Both run with ``CONCURRENTLY`` (the migration is not atomic): the table
stays readable and writable while the indexes are built, which takes
minutes at 10 million rows (docs/explanation/scale.md); only a brief lock is
taken at the start and the end of each. An index built by hand beforehand
under the same name is found and kept. Other databases skip this migration
(SQLite's planner has no such trouble at the sizes it is used for).
"""

from django.db import migrations

TABLE = "wagtail_tuidang_statement"
PUBLISHED = "status = 'published'"
ORDER = "published_at DESC, id DESC"
INDEXES = {
    "tuidang_stmt_region_idx": (f"index_page_id, region, {ORDER}", PUBLISHED),
    **{
        f"tuidang_stmt_{org}_idx": (
            f"index_page_id, {ORDER}",
            f"{PUBLISHED} AND quit_{org}",
        )
        for org in ("party", "youth_league", "young_pioneers")
    },
}
#: Columns whose ``_like`` index no query reads.
LIKE_COLUMNS = ("public_id", "fingerprint", "receipt_hash", "submission_key")


def _table(apps):
    return apps.get_model("wagtail_tuidang", "Statement")._meta.db_table


def _like_indexes(schema_editor, table, columns=LIKE_COLUMNS):
    """The names of the ``_like`` indexes on ``columns``, as stored (Django's
    names carry a hash: read them rather than guess them)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] "
            "JOIN pg_opclass o ON o.oid = x.indclass[0] "
            "WHERE t.relname = %s AND x.indnatts = 1 AND a.attname = ANY(%s) "
            "AND o.opcname IN ('varchar_pattern_ops', 'text_pattern_ops')",
            [table, list(columns)],
        )
        return [row[0] for row in cursor.fetchall()]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = _table(apps)
    quote = schema_editor.quote_name
    for name, (columns, condition) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {quote(table)} "
            f"({columns}) WHERE {condition}"
        )
    for name in _like_indexes(schema_editor, table):
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(name)}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = _table(apps)
    quote = schema_editor.quote_name
    for column in LIKE_COLUMNS:
        name = schema_editor._create_index_name(table, [column], suffix="_like")
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {quote(name)} "
            f"ON {quote(table)} ({quote(column)} varchar_pattern_ops)"
        )
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("wagtail_tuidang", "0015_purges_block_usage")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
