"""Every status change of a statement, and nothing else writes ``status``.

Each transition locks the row (``select_for_update``), so two moderators
deciding the same statement at the same moment produce exactly one change;
keeps the tallies right in the same transaction; and, once committed, forgets
cached figures and purges the CDN.
"""

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import purge, tallies
from .choices import Status
from .models import Statement
from .receipts import hash_code, new_code
from .text import fingerprint

#: Sent after commit: ``statement``, ``old_status``, ``new_status``, ``user``,
#: ``action``. The moderation log and notifications listen to it.
status_changed = Signal()


class TransitionError(Exception):
    """The statement is not in a state this action applies to."""


class OwnSubmission(TransitionError):
    """A person may not publish a statement they submitted themselves."""


class RealNameNotConfirmed(TransitionError):
    """A real name with nothing else to show may not be published until
    enough distinct moderators confirmed it."""


#: action → (statuses it applies to, resulting status)
TRANSITIONS = {
    "publish": ({Status.PENDING}, Status.PUBLISHED),
    "reject": ({Status.PENDING}, Status.REJECTED),
    "mark_spam": ({Status.PENDING}, Status.SPAM),
    "withdraw": ({Status.PENDING, Status.PUBLISHED}, Status.WITHDRAWN),
}


def submit(statement, contact=""):
    """Store a new statement as pending and return its one-time receipt code.

    ``statement`` is an unsaved Statement; whatever status it carries is
    ignored. The possible-duplicate flag is set when the same folded name from
    the same region already exists on the page. Acknowledge the code to the
    submitter only after this returns (the transaction has committed).
    """
    code = new_code()
    statement.status = Status.PENDING
    statement.published_at = None
    statement.decided_at = None
    statement.receipt_hash = hash_code(code)
    statement.fingerprint = fingerprint(statement.name, statement.region)
    statement.set_contact(contact)
    with transaction.atomic():
        statement.flag_duplicate = (
            Statement.objects.for_page(statement.index_page)
            .filter(fingerprint=statement.fingerprint)
            .exists()
        )
        statement.save(force_insert=True)
    return code


def publish(statement, user=None):
    return _transition(statement, "publish", user)


def reject(statement, user=None, public_reason=""):
    return _transition(statement, "reject", user, public_reason=public_reason)


def mark_spam(statement, user=None):
    return _transition(statement, "mark_spam", user)


def withdraw(statement, user=None):
    return _transition(statement, "withdraw", user)


def _transition(statement, action, user, **changes):
    sources, target = TRANSITIONS[action]
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        old = locked.status
        if old not in sources:
            raise TransitionError(f"Cannot {action} a statement that is {old}.")
        check_rules(locked, action, user)
        now = timezone.now()
        locked.status = target
        locked.decided_at = now
        if target == Status.PUBLISHED:
            locked.published_at = now
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=["status", "decided_at", "published_at", *changes])
        if target == Status.PUBLISHED:
            tallies.apply(locked, +1)
        elif old == Status.PUBLISHED:
            tallies.apply(locked, -1)
        transaction.on_commit(lambda: _after_commit(locked, old, target, user, action))
    for field in ("status", "decided_at", "published_at", *changes):
        setattr(statement, field, getattr(locked, field))
    return statement


def check_rules(statement, action, user=None):
    """Refuse a decision the rules forbid whatever the status: publishing
    one's own submission, or a real name that may not be shown yet when the
    submitter gave no alias to show meanwhile."""
    if action != "publish":
        return
    user_id = getattr(user, "pk", None)
    if user_id is not None and statement.submitted_by_id == user_id:
        raise OwnSubmission(_("Nobody may publish a statement they submitted."))
    if awaits_real_name_confirmation(statement):
        raise RealNameNotConfirmed(
            _(
                "This real name needs confirmation by more moderators, and there "
                "is no alias to show until then."
            )
        )


def awaits_real_name_confirmation(statement):
    """Whether publishing must wait for the real name to be confirmed: the
    submitter agreed to show it but gave no alias to show meanwhile."""
    return (
        statement.is_real_name
        and statement.consent_real_name
        and not statement.real_name_confirmed
        and not statement.alias
    )


def _after_commit(statement, old, new, user, action):
    tallies.invalidate(statement.index_page_id)
    if Status.PUBLISHED in (old, new):
        purge.schedule_purge(statement.index_page_id, statement.public_id)
    status_changed.send(
        sender=Statement,
        statement=statement,
        old_status=old,
        new_status=new,
        user=user,
        action=action,
    )
