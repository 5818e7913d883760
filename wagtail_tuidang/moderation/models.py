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


class BulkDecision(models.Model):
    """A decision (publish, reject, mark as spam) on every statement matching
    a filter, taken by a background task in batches (see
    :mod:`wagtail_tuidang.moderation.matching`).

    Only statements that existed when it was asked for are decided
    (``max_id``); ``last_id`` is where the next batch starts, so a stopped
    task resumes where it was. ``criteria`` holds the queue's filters; the
    search words, which may be a name, are erased once it ends.
    """

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATES = [
        (QUEUED, _("Waiting to start")),
        (RUNNING, _("Running")),
        (DONE, _("Finished")),
        (FAILED, _("Stopped")),
    ]
    ACTIONS = [
        ("publish", _("Publish")),
        ("reject", _("Reject")),
        ("mark_spam", _("Mark as spam")),
    ]

    id = models.BigAutoField(primary_key=True)
    action = models.CharField(_("decision"), max_length=20, choices=ACTIONS)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderator"),
    )
    criteria = models.JSONField(_("criteria"), default=dict)
    reason = models.CharField(_("rejection reason"), max_length=50, blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    max_id = models.BigIntegerField(_("last statement included"), default=0)
    last_id = models.BigIntegerField(_("last statement handled"), default=0)
    total = models.PositiveIntegerField(_("statements matching"), default=0)
    done = models.PositiveIntegerField(_("statements decided"), default=0)
    skipped = models.PositiveIntegerField(_("statements skipped"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=STATES, default=QUEUED)
    message = models.CharField(_("message"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("asked for at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last progress at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk decision")
        verbose_name_plural = _("bulk decisions")

    def __str__(self):
        return f"#{self.pk}"

    @property
    def finished(self):
        return self.state in (self.DONE, self.FAILED)

    @property
    def handled(self):
        return self.done + self.skipped
