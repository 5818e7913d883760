"""On PostgreSQL: the queue's partial indexes for the three flags of the
proof of work and the limits (``flag_no_proof``, ``flag_replayed``,
``flag_flood``), and the default tab's index again with them.

Migration 0021 indexed the unflagged pending statements as they were then
(five flags). A flood of statements without a proof of work is flagged
``flag_no_proof`` only: they would all sit in that index, and the default
tab would walk past them. The index of the default tab is therefore built
anew (``tuidang_stmt_unflagged8_idx``: none of the eight flags) before the
old one is dropped.

Built with ``CONCURRENTLY`` (the migration is not atomic), so the table stays
writable meanwhile. Other databases skip this migration.
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
    "flag_no_proof",
    "flag_replayed",
    "flag_flood",
)
NEW_FLAGS = FLAGS[5:]
INDEXES = {
    "tuidang_stmt_unflagged8_idx": " AND ".join(
        [PENDING, *(f"NOT {flag}" for flag in FLAGS)]
    ),
    **{
        f"tuidang_stmt_{flag.removeprefix('flag_')}_idx": f"{PENDING} AND {flag}"
        for flag in NEW_FLAGS
    },
}
OLD_UNFLAGGED = "tuidang_stmt_unflagged_idx"
OLD_UNFLAGGED_CONDITION = " AND ".join(
    [PENDING, *(f"NOT {flag}" for flag in FLAGS[:5])]
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, condition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {TABLE} "
            f"({ORDER}) WHERE {condition}"
        )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD_UNFLAGGED}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD_UNFLAGGED} ON {TABLE} "
        f"({ORDER}) WHERE {OLD_UNFLAGGED_CONDITION}"
    )
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("wagtail_tuidang", "0023_proof_of_work_limits")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
