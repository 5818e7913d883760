"""Print a new contact key: a Fernet key, or with ``--key-pair`` an X25519 pair."""

from cryptography.fernet import Fernet
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from wagtail_tuidang.crypto import generate_key_pair
from wagtail_tuidang.management.base import TranslatedHelpCommand


class Command(TranslatedHelpCommand):
    help = _(
        "Print a new Fernet key for WAGTAIL_TUIDANG_CONTACT_KEYS. Put it first "
        "in the list to encrypt new contact details with it, and keep the older "
        "keys after it while they still decrypt stored details. With "
        "--key-pair, print a key pair for the public-key cipher instead: the "
        "private key for the admin host only, the public key for every host."
    )
    # A site whose keys are missing or broken needs this command to repair them,
    # so the system checks that would stop it are not run.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--key-pair",
            action="store_true",
            help=str(_("Print a private and a public key for PublicKeyCipher.")),
        )

    def handle(self, *args, key_pair=False, **options):
        if not key_pair:
            # Only the key on stdout, so that
            # `KEY=$(manage.py tuidang_generate_key)` works.
            self.stdout.write(Fernet.generate_key().decode("ascii"))
            return
        private, public = generate_key_pair()
        # The private key is shown this once and stored nowhere: advice goes
        # to stderr so that stdout holds only the two environment lines.
        self.stderr.write(
            gettext_now(
                "Keep the private key offline and on the admin host only; "
                "without it the contact details encrypted to this public key "
                "can never be read."
            )
        )
        self.stdout.write(f"WAGTAIL_TUIDANG_CONTACT_PRIVATE_KEYS={private}")
        self.stdout.write(f"WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY={public}")
