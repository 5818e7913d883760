"""Recompute the duplicate fingerprints of names written with dashes,
apostrophes, full stops, spacing modifier letters or stray combining marks
(张-伟, 张˙伟, O'Brien): ``text.fold_name`` now folds them away, and a
fingerprint made the old way would never match a new one.

Only the rows whose name holds such a character are read (a regular
expression, which PostgreSQL and Django's SQLite both run); each batch
writes only the fingerprints that change, so it can be re-run safely.
"""

from django.db import migrations

BATCH = 2000


def refingerprint(apps, schema_editor):
    from wagtail_tuidang.statements.text import NAME_MARKS, fingerprint

    Statement = apps.get_model("wagtail_tuidang", "Statement")
    rows = Statement.objects.exclude(fingerprint="").filter(
        name__regex=NAME_MARKS.pattern
    )
    last = 0
    while True:
        batch = list(
            rows.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "name", "region", "fingerprint")[:BATCH]
        )
        if not batch:
            return
        changed = []
        for row in batch:
            new = fingerprint(row.name, row.region)
            if row.fingerprint != new:
                row.fingerprint = new
                changed.append(row)
        Statement.objects.bulk_update(changed, ["fingerprint"], batch_size=BATCH)
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("wagtail_tuidang", "0018_import_key")]

    operations = [
        migrations.RunPython(refingerprint, migrations.RunPython.noop, elidable=True)
    ]
