"""The audit log of statements: action types, their messages, and one
function that writes every entry.

Entries go into Wagtail's own log (``ModelLogEntry``), so they appear in a
statement's history and in Reports → Site history. They never hold private
data: the label is the statement's number, never its name, and ``data``
holds statuses and counts only, never a name, text or contact details.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as wagtail_log

from ..statements.models import Statement

PREFIX = "wagtail_tuidang."

PUBLISH = PREFIX + "publish"
REJECT = PREFIX + "reject"
MARK_SPAM = PREFIX + "mark_spam"
WITHDRAW = PREFIX + "withdraw"
TAKE_DOWN = PREFIX + "take_down"
REDACT = PREFIX + "redact"
CONFIRM_REAL_NAME = PREFIX + "confirm_real_name"
VIEW_CONTACT = PREFIX + "view_contact"
EDIT = PREFIX + "edit"
EXPORT = PREFIX + "export"
IMPORT = PREFIX + "import"
BULK_START = PREFIX + "bulk_decision_start"
BULK_END = PREFIX + "bulk_decision_end"
MARK_DUPLICATE = PREFIX + "mark_duplicate"
PRINT_CERTIFICATE = PREFIX + "print_certificate"

#: action → (label in filters, message in histories)
SIMPLE_ACTIONS = {
    PUBLISH: (_("Publish statement"), _("Published")),
    REJECT: (_("Reject statement"), _("Rejected, with a reason for the submitter")),
    MARK_SPAM: (_("Mark statement as spam"), _("Marked as spam")),
    TAKE_DOWN: (
        _("Take down statement"),
        _("Taken down, with a reason for the submitter"),
    ),
    VIEW_CONTACT: (_("View contact details"), _("Viewed the contact details")),
    EXPORT: (_("Export statements"), _("Exported")),
    IMPORT: (_("Import statements"), _("Imported statements, pending review")),
    PRINT_CERTIFICATE: (_("Print certificate"), _("Opened the certificate to print")),
}


def log_title(statement):
    """The label stored with an entry: a number, never a name, so the log
    keeps nothing a withdrawal or a purge should have erased."""
    return f"#{statement.pk}"


def log(statement, action, user=None, **data):
    """Write one audit entry for ``statement``; ``data`` must hold no private
    data (statuses, counts and field names only)."""
    return wagtail_log(
        instance=statement,
        action=action,
        user=user,
        title=log_title(statement),
        data=data,
    )


def log_bulk(job, action, user=None, **data):
    """Write an audit entry for a bulk decision (``moderation.models.
    BulkDecision``): what was asked and how it ended, counts only."""
    return wagtail_log(
        instance=job, action=action, user=user, title=str(job), data=data
    )


def decision_label(action):
    from .models import BulkDecision

    return dict(BulkDecision.ACTIONS).get(action, action)


class BulkStartFormatter(LogFormatter):
    label = _("Decide all matching statements")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("%(decision)s: asked for all %(total)s matching statements") % {
            "decision": decision_label(data.get("decision", "")),
            "total": data.get("total", "?"),
        }


class BulkEndFormatter(LogFormatter):
    label = _("Decision on all matching statements ended")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("%(decision)s: %(done)s statements decided, %(skipped)s skipped") % {
            "decision": decision_label(data.get("decision", "")),
            "done": data.get("done", "?"),
            "skipped": data.get("skipped", "?"),
        }


class MarkDuplicateFormatter(LogFormatter):
    label = _("Mark statement as a duplicate")

    def format_message(self, log_entry):
        return _("Rejected as a duplicate of statement #%(id)s") % {
            "id": (log_entry.data or {}).get("duplicate_of", "?")
        }


class WithdrawFormatter(LogFormatter):
    label = _("Withdraw statement")

    def format_message(self, log_entry):
        if log_entry.user_id is None:
            return _("Withdrawn by the submitter with their receipt code")
        return _("Withdrawn")


class ConfirmRealNameFormatter(LogFormatter):
    label = _("Confirm real name")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Confirmed the real name (%(count)s of %(required)s)") % {
            "count": data.get("count", "?"),
            "required": data.get("required", "?"),
        }


class EditFormatter(LogFormatter):
    label = _("Correct statement")

    def format_message(self, log_entry):
        names = (log_entry.data or {}).get("fields") or []
        labels = [str(_field_label(name)) for name in names]
        return _("Corrected: %(fields)s") % {"fields": ", ".join(labels)}


class RedactFormatter(EditFormatter):
    label = _("Redact statement")

    def format_message(self, log_entry):
        names = (log_entry.data or {}).get("fields") or []
        labels = [str(_field_label(name)) for name in names]
        return _("Redacted while published: %(fields)s") % {"fields": ", ".join(labels)}


def _field_label(name):
    try:
        return Statement._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


def register_log_actions(actions):
    """Register every action type (called by the ``register_log_actions`` hook)."""
    for action, (label, message) in SIMPLE_ACTIONS.items():
        actions.register_action(action, label, message)
    actions.register_action(WITHDRAW)(WithdrawFormatter)
    actions.register_action(CONFIRM_REAL_NAME)(ConfirmRealNameFormatter)
    actions.register_action(EDIT)(EditFormatter)
    actions.register_action(REDACT)(RedactFormatter)
    actions.register_action(BULK_START)(BulkStartFormatter)
    actions.register_action(BULK_END)(BulkEndFormatter)
    actions.register_action(MARK_DUPLICATE)(MarkDuplicateFormatter)
