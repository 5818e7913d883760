"""Re-encrypt every stored contact detail under the newest key.

Fernet: put the new key first in WAGTAIL_TUIDANG_CONTACT_KEYS (keeping the old
ones), deploy, run this command, then remove the old keys.

Public-key cipher: contacts still in Fernet are moved to the public key where
the Fernet keys and the public key are configured (no private key needed);
contacts for an older key pair are moved on the admin host, which holds its
private key. Each batch commits on its own and current contacts are left as
they are, so the command can be stopped and run again.
"""

from django.db import transaction
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail_tuidang.crypto import DecryptionError, PrivateKeyUnavailable, get_cipher
from wagtail_tuidang.management.base import TranslatedHelpCommand
from wagtail_tuidang.models import Statement

BATCH_SIZE = 1000


class Command(TranslatedHelpCommand):
    help = _(
        "Re-encrypt contact details with the newest key: the first of "
        "WAGTAIL_TUIDANG_CONTACT_KEYS, or the public key of PublicKeyCipher."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Count what would be re-encrypted without writing."),
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=_("Statements read and committed together."),
        )
        parser.add_argument(
            "--after",
            type=int,
            default=0,
            help=_("Start after this statement id (to resume a stopped run)."),
        )

    def handle(self, *args, dry_run=False, batch_size=BATCH_SIZE, after=0, **options):
        self.cipher = get_cipher()
        self.counts = {"rotated": 0, "current": 0, "unreadable": 0, "elsewhere": 0}
        last_pk = after
        while batch := self.next_batch(last_pk, max(batch_size, 1)):
            last_pk = batch[-1].pk
            changed = self.rotate_batch(batch)
            if not dry_run:
                self.save(changed)
            if options["verbosity"] > 1:
                self.stdout.write(f"… up to statement {last_pk}")
        self.report(dry_run)

    def next_batch(self, last_pk, size):
        return list(
            Statement.objects.exclude(contact_encrypted="")
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "contact_encrypted")[:size]
        )

    @staticmethod
    def save(changed):
        # Only where the token is still the one read: contact details erased
        # (retention) or changed meanwhile are never brought back.
        with transaction.atomic():
            for pk, old, new in changed:
                Statement.objects.filter(pk=pk, contact_encrypted=old).update(
                    contact_encrypted=new
                )

    def rotate_batch(self, batch):
        """Re-encrypt in memory; return ``(pk, old, new)`` for changed tokens."""
        changed = []
        for statement in batch:
            try:
                token = self.cipher.rotate(statement.contact_encrypted)
            except PrivateKeyUnavailable:
                self.counts["elsewhere"] += 1
                continue
            except DecryptionError:
                self.counts["unreadable"] += 1
                continue
            if token == statement.contact_encrypted:
                self.counts["current"] += 1
                continue
            changed.append((statement.pk, statement.contact_encrypted, token))
        self.counts["rotated"] += len(changed)
        return changed

    def report(self, dry_run):
        rotated = self.counts["rotated"]
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
        if self.counts["current"]:
            self.stdout.write(
                gettext_now("%(count)d contact details already use the newest key.")
                % {"count": self.counts["current"]}
            )
        if self.counts["elsewhere"]:
            self.stderr.write(
                gettext_now(
                    "%(count)d contact details belong to an older key pair: run "
                    "this command again on the admin host, which holds its "
                    "private key."
                )
                % {"count": self.counts["elsewhere"]}
            )
        if self.counts["unreadable"]:
            self.stderr.write(
                gettext_now(
                    "%(count)d contact details cannot be read with any configured "
                    "key and were left as they are."
                )
                % {"count": self.counts["unreadable"]}
            )
