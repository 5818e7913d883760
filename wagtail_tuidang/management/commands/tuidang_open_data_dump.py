"""Write the daily open data dumps of every wall (or one): published
statements' public fields as CSV and JSON Lines and the daily figures as CSV,
gzipped, to storage, with a manifest. Run it daily from cron."""

import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from wagtail_tuidang.management.base import TranslatedHelpCommand
from wagtail_tuidang.statements import dumps
from wagtail_tuidang.statements.index_pages import statement_index_pages


class Command(TranslatedHelpCommand):
    help = _(
        "Write the open data downloads of published statements and daily "
        "figures to storage, with their checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--page", type=int, default=None, help=_("Only this statement index page.")
        )
        parser.add_argument(
            "--date",
            default=None,
            help=_("The date in the file names (YYYY-MM-DD); default today."),
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=dumps.CHUNK_SIZE,
            help=_("Statements read per query."),
        )

    def handle(self, *args, page=None, date=None, chunk_size=None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(_("--date must be a date as YYYY-MM-DD.")) from None
        if chunk_size is not None and chunk_size < 1:
            raise CommandError(_("--chunk-size must be at least 1."))
        pages = statement_index_pages().live().specific()
        if page is not None:
            pages = pages.filter(pk=page)
            if not pages:
                raise CommandError(_("No live statement index page has this id."))
        for wall in pages:
            for entry in dumps.write_dumps(wall, day, chunk_size):
                self.stdout.write(
                    f"{dumps.folder(wall)}{entry['file']}\t{entry['rows']}\t"
                    f"{entry['sha256']}"
                )
