"""On PostgreSQL: no ``_like`` index on a statement's ``registration_number``
or a spent token's ``digest``.

Django adds a ``varchar_pattern_ops`` index next to the unique index of a
``CharField`` (migration 0022 added the registration number, 0023 the spent
tokens); it serves ``LIKE 'abc%'`` only. No query of the plugin runs one on
these columns (each is looked up by equality, which the unique index
serves), and the index was written on every publication, and on every
submission while the cache is down. Migration 0016 dropped the statement's
others for the same reason. Runs with ``CONCURRENTLY`` (not atomic), so the
table stays writable; reversing builds it again under Django's name. Other
databases skip this migration.
"""

from importlib import import_module

from django.db import migrations

#: The columns whose ``_like`` index goes, by model name.
COLUMNS = {"Statement": ("registration_number",), "SpentToken": ("digest",)}

_0016 = import_module("wagtail_tuidang.migrations.0016_wall_filter_indexes")


def _tables(apps):
    for model, columns in COLUMNS.items():
        yield apps.get_model("wagtail_tuidang", model)._meta.db_table, columns


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table, columns in _tables(apps):
        for name in _0016._like_indexes(schema_editor, table, columns):
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(name)}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table, columns in _tables(apps):
        for column in columns:
            name = schema_editor._create_index_name(table, [column], suffix="_like")
            schema_editor.execute(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {quote(name)} "
                f"ON {quote(table)} ({quote(column)} varchar_pattern_ops)"
            )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("wagtail_tuidang", "0025_published_order_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
