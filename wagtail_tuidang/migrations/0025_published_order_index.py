"""The read API's order over every wall: published statements newest first,
without the wall in front (the wall's own index keeps serving one wall).

Building it blocks writes to the statement table. On a large PostgreSQL
table, build it beforehand without blocking, then record this migration with
``migrate wagtail_tuidang 0018 --fake`` (docs/reference/api.md)::

    CREATE INDEX CONCURRENTLY tuidang_stmt_published_all_idx
    ON wagtail_tuidang_statement (published_at DESC, id DESC)
    WHERE status = 'published';
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("wagtail_tuidang", "0024_flood_tab_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="tuidang_stmt_published_all_idx",
            ),
        ),
    ]
