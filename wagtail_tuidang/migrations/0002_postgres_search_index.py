"""On PostgreSQL, trigram indexes for ``?q=`` search in published statements
(the name, the alias shown instead of an unconfirmed real name, the text).

Django's ``icontains`` compiles to ``UPPER(col) LIKE UPPER(%s)`` there, which a
GIN trigram index on ``UPPER(col)`` serves for any substring, CJK included.
Other databases skip this migration. Where the pg_trgm extension cannot be
created (no privilege), search still works, without the index.
"""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

INDEXES = {
    "tuidang_stmt_name_trgm": "UPPER(name) gin_trgm_ops",
    "tuidang_stmt_alias_trgm": "UPPER(alias) gin_trgm_ops",
    "tuidang_stmt_text_trgm": "UPPER(text) gin_trgm_ops",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtail_tuidang", "Statement")._meta.db_table
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:
        logger.warning("pg_trgm is unavailable: statement search runs unindexed.")
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression}) "
            "WHERE status = 'published'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("wagtail_tuidang", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
