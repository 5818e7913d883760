"""Re-encrypt every stored contact detail under the newest key.

Put the new key first in WAGTAIL_TUIDANG_CONTACT_KEYS (keeping the old ones),
deploy, run this command, then remove the old keys.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail_tuidang.crypto import DecryptionError, get_cipher
from wagtail_tuidang.models import Statement

BATCH_SIZE = 1000


class Command(BaseCommand):
    help = _(
        "Re-encrypt contact details with the first key of WAGTAIL_TUIDANG_CONTACT_KEYS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Count what would be re-encrypted without writing."),
        )

    def handle(self, *args, dry_run=False, **options):
        cipher = get_cipher()
        rotated = unreadable = 0
        last_pk = 0
        while True:
            batch = list(
                Statement.objects.exclude(contact_encrypted="")
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", "contact_encrypted")[:BATCH_SIZE]
            )
            if not batch:
                break
            last_pk = batch[-1].pk
            changed = []
            for statement in batch:
                try:
                    statement.contact_encrypted = cipher.rotate(
                        statement.contact_encrypted
                    )
                except DecryptionError:
                    unreadable += 1
                    continue
                changed.append(statement)
            rotated += len(changed)
            if not dry_run:
                with transaction.atomic():
                    Statement.objects.bulk_update(changed, ["contact_encrypted"])
        if dry_run:
            message = ngettext(
                "Would re-encrypt %(count)d contact detail.",
                "Would re-encrypt %(count)d contact details.",
                rotated,
            )
        else:
            message = ngettext(
                "Re-encrypted %(count)d contact detail.",
                "Re-encrypted %(count)d contact details.",
                rotated,
            )
        self.stdout.write(message % {"count": rotated})
        if unreadable:
            self.stderr.write(
                gettext_now(
                    "%(count)d contact details cannot be read with any configured "
                    "key and were left as they are."
                )
                % {"count": unreadable}
            )
