"""Correcting the wording of a pending statement (a typo, a stray detail).

Only pending statements may be corrected, and only fields that change neither
the figures nor the submitter's choices (see ``forms.StatementEditForm``).
A changed real name loses its confirmations: moderators confirmed the name
they read, not the new one. The corrector is recorded (``last_edited_by``)
and may not publish the statement: someone else reads the corrected words
first (four eyes).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..statements.choices import Status
from ..statements.models import Statement
from ..statements.text import fingerprint
from . import log_actions
from .decisions import DecisionRefused
from .models import RealNameConfirmation


def save_correction(form, user):
    """Apply ``form``'s changed fields under the row lock and log their names
    (never their values). Raises DecisionRefused if the statement was decided
    in the meantime. Returns the saved statement."""
    changed = list(form.changed_data)
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=form.instance.pk)
        if locked.status != Status.PENDING:
            raise DecisionRefused(
                _("It was decided meanwhile, so it can no longer be corrected.")
            )
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, form.cleaned_data[name])
        locked.last_edited_by = user
        update_fields = [*changed, "last_edited_by"]
        update_fields += derived_changes(locked, changed)
        locked.save(update_fields=update_fields)
        log_actions.log(locked, log_actions.EDIT, user=user, fields=changed)
    return locked


def derived_changes(statement, changed):
    """Keep the duplicate fingerprint and real-name confirmations true to
    the corrected statement; returns the extra fields to save."""
    extra = []
    if {"name", "region"} & set(changed):
        statement.fingerprint = fingerprint(statement.name, statement.region)
        extra.append("fingerprint")
    if "name" in changed and statement.is_real_name:
        RealNameConfirmation.objects.filter(statement=statement).delete()
        statement.real_name_confirmed = False
        extra.append("real_name_confirmed")
    return extra
