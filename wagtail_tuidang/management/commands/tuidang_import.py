"""``tuidang_import``: statements (or historical daily totals) from a CSV or
XLSX file into a statement index page, as the admin import does.

Statements enter as pending from the source "import"; re-running the same
file creates nothing new (see :mod:`wagtail_tuidang.transfer.importer`).
With ``--user`` they are recorded as imported by that person, who then may
not publish them (four eyes), as after an import in the admin.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.http import Http404

from ...transfer import importer, rejections, totals
from ...transfer.reader import ImportFileError


class Command(BaseCommand):
    help = "Import statements, or daily totals with --totals, from CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8) or XLSX file.")
        parser.add_argument(
            "--page", type=int, required=True, help="Statement index page id."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row, write nothing."
        )
        parser.add_argument(
            "--user",
            help="Username of the person importing: recorded on each statement, "
            "and that person may not publish them.",
        )
        parser.add_argument(
            "--rejected",
            metavar="CSV",
            help="Write every rejected row (line, reasons, cells) to this CSV file.",
        )
        parser.add_argument(
            "--totals",
            action="store_true",
            help="The file holds daily totals: date, people, party, "
            "youth_league, young_pioneers.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="With --totals: set each day's figures instead of adding them.",
        )

    # Row errors in the project's source language, whatever a caller activated.
    @no_translations
    def handle(self, *args, **options):
        try:
            page = importer.get_index_page(options["page"])
        except Http404:
            raise CommandError(
                f"No statement index page has id {options['page']}."
            ) from None
        try:
            with open(options["file"], "rb") as file:
                if options["totals"]:
                    self.import_totals(file, page, options)
                else:
                    self.import_statements(file, page, options)
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from None

    def import_statements(self, file, page, options):
        user = self.get_user(options)
        if options["rejected"]:
            with open(options["rejected"], "w", encoding="utf-8", newline="") as out:
                out.write(rejections.BOM + rejections.csv_text([], header=True))
                outcome = importer.import_file(
                    file,
                    page,
                    dry_run=options["dry_run"],
                    user=user,
                    rejected=lambda rows: out.write(rejections.csv_text(rows)),
                )
        else:
            outcome = importer.import_file(
                file, page, dry_run=options["dry_run"], user=user
            )
        for line, messages in outcome.errors:
            for message in messages:
                self.stderr.write(f"Row {line}: {message}")
        verb = "Would create" if options["dry_run"] else "Created"
        self.stdout.write(
            f"{verb} {outcome.created} statements (pending); "
            f"{outcome.existing} already there; {outcome.invalid} rows with errors; "
            f"{outcome.identical} rows identical to an earlier one (flagged); "
            f"{outcome.processed} rows read."
        )

    def get_user(self, options):
        """The importing user named by ``--user``, or None."""
        username = options.get("user")
        if not username:
            return None
        model = get_user_model()
        user = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user has the username {username!r}.")
        return user

    def import_totals(self, file, page, options):
        days, errors = totals.import_totals(
            file, page, replace=options["replace"], dry_run=options["dry_run"]
        )
        for line, message in errors:
            self.stderr.write(f"Row {line}: {message}")
        if errors:
            raise CommandError(f"{len(errors)} rows with errors; nothing written.")
        verb = "Would write" if options["dry_run"] else "Wrote"
        self.stdout.write(f"{verb} the totals of {days} days.")
