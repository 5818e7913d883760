"""Moderators' decisions: publish, reject, mark as spam, and take down a
published statement — one statement or many.

A thin layer over :mod:`wagtail_tuidang.statements.transitions`, which alone
writes ``status`` and alone checks whether a decision may be taken (once,
under the row lock). Here a refusal becomes a sentence a moderator can act
on, and a rejection gets its reason in the submitter's language; a bulk
action skips a statement and says why instead of failing.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..statements import transitions
from ..statements.models import Statement

DECISIONS = {
    "publish": transitions.publish,
    "reject": transitions.reject,
    "mark_spam": transitions.mark_spam,
    "take_down": transitions.take_down,
}
PUBLIC_REASON_MAX_LENGTH = Statement._meta.get_field("public_reason").max_length


class DecisionRefused(Exception):
    """The decision cannot be taken on this statement; the message says why."""


def why_not(statement, action, user):
    """Why ``user`` may not take ``action`` on ``statement`` as loaded, or
    ``None``: for showing before the decision. The decision itself checks
    again, once, under the row lock."""
    error = transitions.refusal(statement, action, user)
    return None if error is None else str(error)


def decide(statement, action, user, **changes):
    """Take ``action`` on ``statement`` as ``user``, or raise DecisionRefused."""
    try:
        DECISIONS[action](statement, user=user, **changes)
    except transitions.TransitionError as error:
        raise DecisionRefused(str(error)) from None
    return statement


def decide_many(statements, action, user, **changes):
    """Take ``action`` on each of ``statements`` as ``user`` at once, skipping
    those it may not be taken on. Returns a ``transitions.Outcome``: ``done``
    (the statements changed) and ``refused`` (``(statement, error)`` pairs,
    ``str(error)`` saying why), of which ``already_decided`` were decided by
    someone else first. Never raises for a statement that cannot be decided."""
    if action not in DECISIONS:
        raise ValueError(f"Not a moderator's decision: {action}")
    return transitions.change_many(statements, action, user, lambda _statement: changes)


def reject(statement, user, reason_key, note=""):
    """Reject with a public reason from ``WAGTAIL_TUIDANG_REJECTION_REASONS``,
    stored in the submitter's language, and an internal note for moderators."""
    changes = _rejection(reason_key, note)(statement)
    return decide(statement, "reject", user, **changes)


def reject_many(statements, user, reason_key, note=""):
    """:func:`reject` each of ``statements`` at once; returns what
    :func:`decide_many` returns."""
    return transitions.change_many(
        statements, "reject", user, _rejection(reason_key, note)
    )


def _rejection(reason_key, note):
    """The fields a rejection sets on a statement, as a function of it."""
    note_change = {"internal_note": note} if note else {}

    def changes(statement):
        return {
            "public_reason": reason_text(reason_key, statement.language),
            **note_change,
        }

    return changes


#: The rejection reason a duplicate gets, if the site kept it.
DUPLICATE_REASON = "duplicate"
#: Its text otherwise.
DUPLICATE_TEXT = _("This statement repeats one that was already sent.")


def reject_as_duplicate(statement, original, user):
    """Reject ``statement`` as a duplicate of ``original``: the submitter
    reads the "duplicate" reason, moderators a note naming the original.
    Returns what :func:`decide_many` returns."""
    note = f"#{original.pk}"

    def changes(item):
        return {
            "public_reason": _duplicate_reason(item.language),
            "internal_note": str(_("Duplicate of statement %(id)s")) % {"id": note},
        }

    return transitions.change_many([statement], "reject", user, changes)


def _duplicate_reason(language):
    if DUPLICATE_REASON in dict(rejection_reasons()):
        return reason_text(DUPLICATE_REASON, language)
    with translation.override(_supported(language)):
        return str(DUPLICATE_TEXT)[:PUBLIC_REASON_MAX_LENGTH]


def take_down_many(statements, user, reason, note=""):
    """Unpublish each of ``statements`` at once; ``reason`` (required) is
    shown to each submitter on the receipt page, ``note`` to moderators
    only. Returns what :func:`decide_many` returns."""
    if not reason.strip():
        raise ValueError("A takedown needs a reason.")
    changes = {"public_reason": reason[:PUBLIC_REASON_MAX_LENGTH]}
    if note:
        changes["internal_note"] = note
    return transitions.change_many(
        statements, "take_down", user, lambda _statement: changes
    )


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
