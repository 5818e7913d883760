"""Remove a person's authenticator devices, so they enrol again."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user

from wagtail_tuidang.management.base import TranslatedHelpCommand


class Command(TranslatedHelpCommand):
    help = gettext_lazy(
        "Remove the two-factor devices of a staff member who lost theirs. "
        "At their next sign-in they set up a new authenticator app. Check who "
        "asks before you run it: it is what an attacker would ask for."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            message = _("No user named %(name)s.") % {"name": username}
            raise CommandError(message) from None
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        self.stdout.write(
            _("Removed %(count)d device(s) of %(name)s.")
            % {"count": removed, "name": username}
        )
