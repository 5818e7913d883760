"""Erase what outlived its purpose: contact details of statements decided
longer ago than ``WAGTAIL_TUIDANG_CONTACT_RETENTION_DAYS``; the name, alias,
text and region of statements withdrawn longer ago than
``WAGTAIL_TUIDANG_WITHDRAWN_RETENTION_DAYS``; real names a submitter did not
agree to publish, once decided; import uploads left for more than a day. Run
it daily from cron."""

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail_tuidang.management.base import TranslatedHelpCommand
from wagtail_tuidang.retention import purge_contacts, purge_names, purge_uploads


class Command(TranslatedHelpCommand):
    help = _(
        "Erase contact details, withdrawn statements' words, unconsented real "
        "names and abandoned import uploads past their retention periods."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=_("Keep contact details this many days instead of the setting."),
        )
        parser.add_argument(
            "--withdrawn-days",
            type=int,
            default=None,
            help=_("Keep withdrawn statements' words this many days instead."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Count what would be erased without writing."),
        )

    def handle(self, *args, days=None, withdrawn_days=None, dry_run=False, **options):
        if (days is not None and days < 0) or (
            withdrawn_days is not None and withdrawn_days < 0
        ):
            raise CommandError(_("--days cannot be negative."))
        contacts = purge_contacts(days=days, dry_run=dry_run)
        names = purge_names(days=withdrawn_days, dry_run=dry_run)
        uploads = purge_uploads(dry_run=dry_run)
        report = would_erase if dry_run else erased
        for line in report(contacts, names["withdrawn"], names["unconsented"], uploads):
            self.stdout.write(line)


def would_erase(contacts, withdrawn, unconsented, uploads):
    """The lines of a dry run's report, one per kind of data."""
    return [
        ngettext(
            "Would erase the contact details of %(count)d statement.",
            "Would erase the contact details of %(count)d statements.",
            contacts,
        )
        % {"count": contacts},
        ngettext(
            "Would erase the words of %(count)d withdrawn statement.",
            "Would erase the words of %(count)d withdrawn statements.",
            withdrawn,
        )
        % {"count": withdrawn},
        ngettext(
            "Would erase %(count)d real name never agreed to be published.",
            "Would erase %(count)d real names never agreed to be published.",
            unconsented,
        )
        % {"count": unconsented},
        ngettext(
            "Would delete %(count)d abandoned import file.",
            "Would delete %(count)d abandoned import files.",
            uploads,
        )
        % {"count": uploads},
    ]


def erased(contacts, withdrawn, unconsented, uploads):
    """The lines of a run's report, one per kind of data."""
    return [
        ngettext(
            "Erased the contact details of %(count)d statement.",
            "Erased the contact details of %(count)d statements.",
            contacts,
        )
        % {"count": contacts},
        ngettext(
            "Erased the words of %(count)d withdrawn statement.",
            "Erased the words of %(count)d withdrawn statements.",
            withdrawn,
        )
        % {"count": withdrawn},
        ngettext(
            "Erased %(count)d real name never agreed to be published.",
            "Erased %(count)d real names never agreed to be published.",
            unconsented,
        )
        % {"count": unconsented},
        ngettext(
            "Deleted %(count)d abandoned import file.",
            "Deleted %(count)d abandoned import files.",
            uploads,
        )
        % {"count": uploads},
    ]
