"""On PostgreSQL: a small partial index per tab of the moderation queue.

Each covers pending statements only, in the queue's order (submitted_at,
id): ``tuidang_stmt_unflagged_idx`` those with no anti-spam flag (the
default tab) and ``tuidang_stmt_<flag>_idx`` those with one flag. A tab's
page and its capped count then read a few entries of a small index, however
many statements a flood left in another tab or in the table.

Built with ``CONCURRENTLY`` (the migration is not atomic), so the table stays
writable meanwhile; an index built by hand beforehand under the same name is
kept. Other databases skip this migration.
"""

from django.db import migrations

TABLE = "wagtail_tuidang_statement"
ORDER = "submitted_at, id"
PENDING = "status = 'pending'"
#: As ``statements.models.FLAG_FIELDS`` was when this migration was written.
FLAGS = (
    "flag_duplicate",
    "flag_rate_limited",
    "flag_rate_limit_unknown",
    "flag_honeypot",
    "flag_too_fast",
)
INDEXES = {
    "tuidang_stmt_unflagged_idx": " AND ".join(
        [PENDING, *(f"NOT {flag}" for flag in FLAGS)]
    ),
    **{
        f"tuidang_stmt_{flag.removeprefix('flag_')}_idx": f"{PENDING} AND {flag}"
        for flag in FLAGS
    },
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, condition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {TABLE} "
            f"({ORDER}) WHERE {condition}"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("wagtail_tuidang", "0020_bulk_decisions")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
