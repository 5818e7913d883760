"""Locale and translation key of the pages wagtailcore's migrations created
(the tree's root and its first page), before they become required in 0003."""

from django.db import migrations
from wagtail.models import (
    BootstrapLocaleField,
    BootstrapTranslatableModel,
    BootstrapTranslationKeyField,
)


class Migration(migrations.Migration):
    dependencies = [
        ("swappedapp", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        BootstrapLocaleField("swappedapp.BasePage"),
        BootstrapTranslationKeyField("swappedapp.BasePage"),
        BootstrapTranslatableModel("swappedapp.BasePage"),
    ]
