"""``tuidang_export``: statements to a CSV or XLSX file, logged like an export
from the admin (with no user)."""

from django.core.management.base import BaseCommand, CommandError, no_translations

from ...crypto import get_cipher
from ...statements.choices import Status
from ...transfer import exporter
from ...transfer.audit import log_export
from ...transfer.importer import get_index_page


class Command(BaseCommand):
    help = "Export statements to a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--status", choices=Status.values, default="")
        parser.add_argument("--page", type=int, help="Statement index page id.")
        parser.add_argument(
            "--contact",
            action="store_true",
            help="Include decrypted contact details.",
        )
        parser.add_argument("--output", required=True, help="File to write.")

    # Row errors in the project's source language, whatever a caller activated.
    @no_translations
    def handle(self, *args, **options):
        if options["contact"] and not get_cipher().can_decrypt:
            raise CommandError(
                "This host holds no private key for contact details: export "
                "them with --contact on the admin host."
            )
        page = get_index_page(options["page"]) if options["page"] else None
        queryset = exporter.filtered(options["status"], page)
        log_export(
            None,
            page,
            format=options["format"],
            status=options["status"],
            contact=options["contact"],
        )
        try:
            self.write(queryset, options)
        except OSError as error:
            raise CommandError(f"Cannot write {options['output']}: {error}") from None
        self.stdout.write(f"Wrote {options['output']}.")

    def write(self, queryset, options):
        if options["format"] == "xlsx":
            with open(options["output"], "wb") as file:
                exporter.write_xlsx(queryset, file, options["contact"])
        else:
            with open(options["output"], "w", encoding="utf-8", newline="") as file:
                exporter.write_csv(queryset, file, options["contact"])
