"""Recompute the duplicate fingerprints: they now fold look-alike letters of
other scripts and the dots between a name's parts (``text.fold_name``), and a
stored fingerprint made the old way would never match a new one.

Runs in batches of primary keys, writing only the rows whose fingerprint
changes; it reads each row once, so a very large table takes a while (run it
in a maintenance window; it can be re-run safely).
"""

from django.db import migrations

BATCH = 2000


def refingerprint(apps, schema_editor):
    from wagtail_tuidang.statements.text import fingerprint

    Statement = apps.get_model("wagtail_tuidang", "Statement")
    last = 0
    while True:
        rows = list(
            Statement.objects.filter(pk__gt=last)
            .exclude(fingerprint="")
            .order_by("pk")
            .only("pk", "name", "region", "fingerprint")[:BATCH]
        )
        if not rows:
            return
        changed = []
        for row in rows:
            new = fingerprint(row.name, row.region)
            if row.fingerprint != new:
                row.fingerprint = new
                changed.append(row)
        Statement.objects.bulk_update(changed, ["fingerprint"], batch_size=BATCH)
        last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [("wagtail_tuidang", "0009_takedown_last_edited_by")]

    operations = [
        migrations.RunPython(refingerprint, migrations.RunPython.noop, elidable=True)
    ]
