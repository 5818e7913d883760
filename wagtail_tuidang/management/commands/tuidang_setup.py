"""Create the Tuidang groups, their permissions and the default workflow."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail_tuidang.management.base import TranslatedHelpCommand
from wagtail_tuidang.moderation.setup import WORKFLOW_NAME, run_setup


class Command(TranslatedHelpCommand):
    help = gettext_lazy(
        "Create or complete the groups Tuidang moderators, contact officers, "
        "volunteers and editors with their permissions, and the default page "
        "workflow. Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        groups = run_setup()
        for name, group in groups.items():
            count = group.permissions.count()
            line = ngettext(
                "%(group)s: %(count)s permission",
                "%(group)s: %(count)s permissions",
                count,
            )
            self.stdout.write(line % {"group": name, "count": count})
        self.stdout.write(
            self.style.SUCCESS(
                _("Groups and the “%(workflow)s” workflow are ready.")
                % {"workflow": WORKFLOW_NAME}
            )
        )
