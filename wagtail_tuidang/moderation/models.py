"""Moderation records: who confirmed a real name.

A real name is shown only when ``WAGTAIL_TUIDANG_REAL_NAME_CONFIRMATIONS``
distinct moderators confirmed it; each confirmation is a row here, written
by :func:`wagtail_tuidang.moderation.confirmations.confirm_real_name`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RealNameConfirmation(models.Model):
    """One moderator's confirmation that a statement's real name may be shown."""

    id = models.BigAutoField(primary_key=True)
    statement = models.ForeignKey(
        "wagtail_tuidang.Statement",
        on_delete=models.CASCADE,
        related_name="real_name_confirmations",
        verbose_name=_("statement"),
    )
    # SET_NULL: deleting a moderator's account keeps their confirmation.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderator"),
    )
    created_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        verbose_name = _("real name confirmation")
        verbose_name_plural = _("real name confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "user"], name="tuidang_confirmation_once"
            )
        ]

    def __str__(self):
        return f"{self.statement_id}: {self.user_id}"
