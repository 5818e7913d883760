"""The audit entry of an approval that does not yet complete its task.

The approval that completes the task is logged by Wagtail itself, as
``wagtail.workflow.approve``; the earlier ones would otherwise leave no trace
in the page's history.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

APPROVAL_RECORDED = "wagtail_tuidang.workflow.approval_recorded"


class ApprovalRecordedFormatter(LogFormatter):
    label = _("Workflow: approval recorded")

    def format_message(self, log_entry):
        try:
            workflow = log_entry.data["workflow"]
            return _("Approval %(count)s of %(required)s recorded at '%(task)s'") % {
                "count": log_entry.data["approvals"]["count"],
                "required": log_entry.data["approvals"]["required"],
                "task": workflow["task"]["title"],
            }
        except (KeyError, TypeError):
            return _("Workflow approval recorded")

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("comment", "")


def log_approval_recorded(task_state, user, count, required, comment=""):
    """Log one reviewer's approval against the object under review, with the
    same ``workflow`` data Wagtail writes for its own workflow actions."""
    workflow_state = task_state.workflow_state
    return log(
        instance=task_state.revision.as_object(),
        action=APPROVAL_RECORDED,
        user=user,
        revision=task_state.revision,
        data={
            "workflow": {
                "id": workflow_state.workflow_id,
                "title": workflow_state.workflow.name,
                "status": task_state.status,
                "task_state_id": task_state.pk,
                "task": {"id": task_state.task_id, "title": task_state.task.name},
                "next": None,
            },
            "approvals": {"count": count, "required": required},
            "comment": comment,
        },
    )


def register_log_actions(actions):
    """Register the action type (called by the ``register_log_actions`` hook)."""
    actions.register_action(APPROVAL_RECORDED)(ApprovalRecordedFormatter)
