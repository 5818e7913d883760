"""Print a new key for WAGTAIL_TUIDANG_CONTACT_KEYS."""

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _


class Command(BaseCommand):
    help = _(
        "Print a new Fernet key for WAGTAIL_TUIDANG_CONTACT_KEYS. Put it first "
        "in the list to encrypt new contact details with it, and keep the older "
        "keys after it while they still decrypt stored details."
    )
    # A site whose keys are missing or broken needs this command to repair them,
    # so the system checks that would stop it are not run.
    requires_system_checks = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        # argparse formats the description with regular expressions, which
        # need a real string rather than a lazy translation.
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = str(self.help)
        return parser

    def handle(self, *args, **options):
        # Only the key on stdout, so that `KEY=$(manage.py tuidang_generate_key)`
        # works.
        self.stdout.write(Fernet.generate_key().decode("ascii"))
