"""Confirming real names: N distinct moderators, never the submitter.

A real name is shown only once ``WAGTAIL_TUIDANG_REAL_NAME_CONFIRMATIONS``
distinct moderators have confirmed it, so that no single insider, rogue or
careless, can expose a person. :func:`confirm_real_name` is the only writer of
``Statement.real_name_confirmed``.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..conf import get_setting
from ..statements import purge
from ..statements.choices import Status
from ..statements.models import Statement
from . import log_actions
from .models import RealNameConfirmation

#: Statuses in which a real name may still be confirmed.
CONFIRMABLE = (Status.PENDING, Status.PUBLISHED)


class ConfirmationRefused(Exception):
    """This user may not confirm this statement's real name now; the message
    says why, in words a moderator understands."""


def required_confirmations():
    return get_setting("REAL_NAME_CONFIRMATIONS")


def confirm_real_name(statement, user):
    """Record ``user``'s confirmation and, at the N-th distinct moderator,
    mark the real name confirmed. Locks the statement row, so concurrent
    confirmations count exactly. Returns the number of confirmations."""
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        refusal = why_not_confirm(locked, user)
        if refusal:
            raise ConfirmationRefused(refusal)
        RealNameConfirmation.objects.create(statement=locked, user=user)
        count = RealNameConfirmation.objects.filter(statement=locked).count()
        required = required_confirmations()
        log_actions.log(
            locked,
            log_actions.CONFIRM_REAL_NAME,
            user=user,
            count=count,
            required=required,
        )
        if count >= required:
            _mark_confirmed(locked)
    statement.real_name_confirmed = locked.real_name_confirmed
    return count


def why_not_confirm(statement, user):
    """The reason ``user`` may not confirm ``statement`` now, or ``None``."""
    if not (statement.is_real_name and statement.consent_real_name):
        return _("It has no real name that the submitter agreed to publish.")
    if statement.status not in CONFIRMABLE:
        return _("It is %(status)s.") % {"status": statement.get_status_display()}
    if statement.real_name_confirmed:
        return _("Its real name is already confirmed.")
    if statement.submitted_by_id is not None and statement.submitted_by_id == user.pk:
        return _("You submitted it yourself.")
    corrector_id = statement.last_edited_by_id
    if corrector_id is not None and corrector_id == user.pk:
        # The corrector confirming the name they wrote would be two eyes.
        return _("You corrected it yourself.")
    if RealNameConfirmation.objects.filter(statement=statement, user=user).exists():
        return _("You have already confirmed it.")
    return None


def describe_progress(statement, count):
    """ "Confirmed", or how many more confirmations the real name needs."""
    missing = required_confirmations() - count
    if statement.real_name_confirmed or missing <= 0:
        return _("Confirmed")
    return ngettext(
        "%(count)s more confirmation needed",
        "%(count)s more confirmations needed",
        missing,
    ) % {"count": missing}


def _mark_confirmed(statement):
    statement.real_name_confirmed = True
    statement.save(update_fields=["real_name_confirmed"])
    if statement.status == Status.PUBLISHED:
        # The wall and the permalink now show the real name instead of the
        # alias: purge them from the CDN once committed.
        transaction.on_commit(lambda: purge.schedule_purge([statement]), robust=True)
