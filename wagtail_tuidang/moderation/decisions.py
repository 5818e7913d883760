"""Moderators' decisions on one statement: publish, reject, mark as spam.

A thin layer over :mod:`wagtail_tuidang.statements.transitions` (which alone
writes ``status``) that turns every refusal into a sentence a moderator can
act on, so a bulk action can skip a statement and say why instead of failing.
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..statements import transitions
from ..statements.models import Statement

DECISIONS = {
    "publish": transitions.publish,
    "reject": transitions.reject,
    "mark_spam": transitions.mark_spam,
}
PUBLIC_REASON_MAX_LENGTH = Statement._meta.get_field("public_reason").max_length


class DecisionRefused(Exception):
    """The decision cannot be taken on this statement; the message says why."""


def why_not(statement, action, user):
    """Why ``user`` may not take ``action`` on ``statement`` now, or ``None``."""
    sources = transitions.TRANSITIONS[action][0]
    if statement.status not in sources:
        return _("It is already decided: %(status)s.") % {
            "status": statement.get_status_display()
        }
    try:
        transitions.check_rules(statement, action, user)
    except transitions.TransitionError as error:
        return str(error)
    return None


def decide(statement, action, user, **changes):
    """Take ``action`` on ``statement`` as ``user``, or raise DecisionRefused."""
    reason = why_not(statement, action, user)
    if reason:
        raise DecisionRefused(reason)
    try:
        DECISIONS[action](statement, user=user, **changes)
    except transitions.TransitionError:
        # Decided by someone else between loading and locking the row.
        statement.refresh_from_db()
        reason = why_not(statement, action, user)
        raise DecisionRefused(
            reason or _("Someone else decided it a moment ago.")
        ) from None
    return statement


def reject(statement, user, reason_key, note=""):
    """Reject with a public reason from ``WAGTAIL_TUIDANG_REJECTION_REASONS``,
    stored in the submitter's language, and an internal note for moderators."""
    text = reason_text(reason_key, statement.language)
    with transaction.atomic():
        decide(statement, "reject", user, public_reason=text)
        if note:
            Statement.objects.filter(pk=statement.pk).update(internal_note=note)
            statement.internal_note = note
    return statement


def rejection_reasons():
    """``(key, text)`` pairs a moderator chooses from when rejecting."""
    return [(str(key), text) for key, text in get_setting("REJECTION_REASONS")]


def reason_text(key, language=""):
    """The reason's text in ``language`` (the submitter's), ready to store."""
    text = dict(rejection_reasons())[key]
    with translation.override(_supported(language)):
        return str(text)[:PUBLIC_REASON_MAX_LENGTH]


def _supported(language):
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return settings.LANGUAGE_CODE
