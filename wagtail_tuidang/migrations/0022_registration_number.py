"""Registration numbers: the column, and a number for every statement
published before it existed.

The numbers are written in batches of :data:`BATCH_SIZE` statements, each
batch committed on its own (the migration is not atomic): at ten million
published statements the table is never locked for long, and a migration
stopped half-way takes up where it stopped when run again (it only reads
published statements still without a number, walking the primary key).
A batch that meets a number already taken is drawn again.

On PostgreSQL each batch is one ``UPDATE … FROM unnest(…)``, and the
``_like`` index Django adds for the column is dropped as migration 0016
dropped the others (every lookup is by equality). Timings:
docs/explanation/scale.md.
"""

from django.db import IntegrityError, migrations, models, transaction

from wagtail_tuidang.statements.registration import new_number

#: Statements numbered per transaction.
BATCH_SIZE = 10_000
#: Times one batch is drawn again after meeting a number already taken.
ATTEMPTS = 5


def fresh_numbers(count):
    """``count`` distinct new numbers."""
    numbers = set()
    while len(numbers) < count:
        numbers.add(new_number())
    return list(numbers)


def next_batch(Statement, after, batch_size):
    return list(
        Statement.objects.filter(
            status="published", registration_number__isnull=True, pk__gt=after
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    )


def write_batch(Statement, ids, connection):
    """Give each of ``ids`` a new number in one transaction; True once done,
    False when a number was taken (nothing was written then)."""
    numbers = fresh_numbers(len(ids))
    try:
        with transaction.atomic(using=connection.alias):
            if connection.vendor == "postgresql":
                table = connection.ops.quote_name(Statement._meta.db_table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {table} AS s SET registration_number = v.number "  # noqa: S608
                        "FROM unnest(%s::bigint[], %s::varchar[]) AS v(id, number) "
                        "WHERE s.id = v.id AND s.registration_number IS NULL",
                        [ids, numbers],
                    )
            else:
                rows = [
                    Statement(pk=pk, registration_number=number)
                    for pk, number in zip(ids, numbers, strict=True)
                ]
                Statement.objects.bulk_update(rows, ["registration_number"])
    except IntegrityError:
        return False
    return True


def number_published(apps, schema_editor, batch_size=BATCH_SIZE):
    """Number every published statement that has no number yet."""
    Statement = apps.get_model("wagtail_tuidang", "Statement")
    connection = schema_editor.connection
    after = 0
    while ids := next_batch(Statement, after, batch_size):
        for _attempt in range(ATTEMPTS):
            if write_batch(Statement, ids, connection):
                break
        else:
            raise RuntimeError(
                "Registration numbers kept colliding; run the migration again."
            )
        after = ids[-1]


def drop_like_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtail_tuidang", "Statement")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s "
            "AND indexdef LIKE %s",
            [table, "%(registration_number varchar_pattern_ops)%"],
        )
        names = [row[0] for row in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("wagtail_tuidang", "0021_queue_tab_indexes")]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="registration_number",
            field=models.CharField(
                editable=False,
                max_length=16,
                null=True,
                unique=True,
                verbose_name="registration number",
            ),
        ),
        migrations.RunPython(
            drop_like_index, migrations.RunPython.noop, elidable=False
        ),
        migrations.RunPython(
            number_published, migrations.RunPython.noop, elidable=False
        ),
    ]
