"""Search across scripts, widths and case: ``Statement.search_text``.

1. Adds the column: the public words of a statement (the name as shown, the
   text) folded as ``statements.text.fold`` folds them.
2. Fills it for the statements already stored, in primary-key batches of
   1,000: memory stays flat, and the time grows with the table (see
   docs/explanation/scale.md). Reversing leaves nothing to undo: the
   column goes.
3. On PostgreSQL only, two GIN indexes on it for published statements:
   ``tuidang_stmt_search_grams`` over its single characters and pairs (the
   function ``tuidang_grams``), for searches of one or two characters, and
   ``tuidang_stmt_search_trgm``, a trigram index for longer ones. It drops
   the trigram index on ``UPPER(text)`` of migration 0002, which no search
   uses any more. Other databases skip this step (an index in
   ``Meta.indexes`` would be created on SQLite too, where it cannot serve a
   substring search). Where the ``pg_trgm`` extension cannot be created (no
   privilege), search still works, without the trigram index, and a warning
   says so. On a large table, build the indexes by hand with ``CREATE INDEX
   CONCURRENTLY`` first (same names, docs/explanation/scale.md): this step
   then finds them and leaves them.
"""

import logging

from django.db import migrations, models, transaction

logger = logging.getLogger(__name__)

INDEX = "tuidang_stmt_search_trgm"
GRAMS_INDEX = "tuidang_stmt_search_grams"
OLD_TEXT_INDEX = "tuidang_stmt_text_trgm"
# The distinct characters and pairs of characters of a text. IMMUTABLE (it
# reads nothing but its argument), so an index may be built on it.
GRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION tuidang_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(value, i, n)), '{}')
  FROM generate_series(1, char_length(value)) AS i, (VALUES (1), (2)) AS sizes(n)
  WHERE i + n - 1 <= char_length(value)
$$
"""


def fill(apps, schema_editor):
    from wagtail_tuidang.statements.search import refresh

    refresh(apps.get_model("wagtail_tuidang", "Statement")._base_manager.all())


def _has_trigrams(schema_editor):
    """Whether pg_trgm is there, creating it if this role may."""
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:
        logger.warning(
            "pg_trgm is unavailable: statement search runs without its index. "
            "Ask the database owner to run CREATE EXTENSION pg_trgm, then "
            "create the index (docs/explanation/scale.md)."
        )
        return False
    return True


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtail_tuidang", "Statement")._meta.db_table
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_TEXT_INDEX}")
    schema_editor.execute(GRAMS_FUNCTION)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {GRAMS_INDEX} ON {table} "
        "USING gin (tuidang_grams(search_text)) WHERE status = 'published'"
    )
    if not _has_trigrams(schema_editor):
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} "
        "USING gin (search_text gin_trgm_ops) WHERE status = 'published'"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtail_tuidang", "Statement")._meta.db_table
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {GRAMS_INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS tuidang_grams(text)")
    if not _has_trigrams(schema_editor):
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_TEXT_INDEX} ON {table} "
        "USING gin (UPPER(text) gin_trgm_ops) WHERE status = 'published'"
    )


class Migration(migrations.Migration):
    dependencies = [("wagtail_tuidang", "0012_statement_page_log_entry")]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search text"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
