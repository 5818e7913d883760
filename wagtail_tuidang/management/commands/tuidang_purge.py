"""Erase contact details of statements decided longer ago than the retention
period (``WAGTAIL_TUIDANG_CONTACT_RETENTION_DAYS``). Run it daily from cron."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail_tuidang.retention import purge_contacts


class Command(BaseCommand):
    help = _(
        "Erase the contact details of statements decided more than "
        "WAGTAIL_TUIDANG_CONTACT_RETENTION_DAYS days ago."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=_("Use this many days instead of the setting."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Count what would be erased without writing."),
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and days < 0:
            raise CommandError(_("--days cannot be negative."))
        count = purge_contacts(days=days, dry_run=dry_run)
        if dry_run:
            message = ngettext(
                "Would erase the contact details of %(count)d statement.",
                "Would erase the contact details of %(count)d statements.",
                count,
            )
        else:
            message = ngettext(
                "Erased the contact details of %(count)d statement.",
                "Erased the contact details of %(count)d statements.",
                count,
            )
        self.stdout.write(message % {"count": count})
