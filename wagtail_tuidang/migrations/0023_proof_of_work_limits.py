"""Flags for the proof of work, single-use forms and flood limits, and the
table remembering single-use tokens while the cache is down."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_tuidang", "0022_registration_number"),
    ]

    operations = [
        migrations.CreateModel(
            name="SpentToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "digest",
                    models.CharField(max_length=64, unique=True, verbose_name="digest"),
                ),
                (
                    "expires_at",
                    models.DateTimeField(db_index=True, verbose_name="expires at"),
                ),
            ],
            options={
                "verbose_name": "spent token",
                "verbose_name_plural": "spent tokens",
            },
        ),
        migrations.AddField(
            model_name="statement",
            name="flag_flood",
            field=models.BooleanField(
                default=False, verbose_name="sent during a flood"
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="flag_no_proof",
            field=models.BooleanField(default=False, verbose_name="no proof of work"),
        ),
        migrations.AddField(
            model_name="statement",
            name="flag_replayed",
            field=models.BooleanField(default=False, verbose_name="form used before"),
        ),
    ]
