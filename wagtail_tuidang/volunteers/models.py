"""The volunteers' permission, on a content type of its own."""

from django.utils.translation import gettext_lazy as _

from ..statements.models import Statement


class VolunteerEntry(Statement):
    """A statement as a volunteer enters it: a proxy that only carries the
    ``submit_as_volunteer`` permission.

    Wagtail's Reports → Site history shows a model's log entries to anyone
    holding any permission on its content type. On ``Statement`` this
    permission showed volunteers the whole statement audit log (decisions,
    who read contact details and when); here it shows them nothing.
    """

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [
            ("submit_as_volunteer", _("Can submit statements for callers")),
        ]
        verbose_name = _("volunteer entry")
        verbose_name_plural = _("volunteer entries")
