"""A Wagtail workflow Task type: approval by N distinct reviewers.

One reviewer alone cannot publish a page (a rogue or careless insider must
not be able to), and the person who submitted a page for moderation never
counts as one of its reviewers. The type appears in Workflows → Tasks → Add
like Wagtail's own "Group approval task", so any workflow of any site can use
it, on pages and on snippets with workflows alike.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState, WorkflowState
from wagtail.signals import workflow_approved
from wagtail.workflows import publish_workflow_state

from . import log_actions


class DistinctReviewersApprovalTask(AbstractGroupApprovalTask):
    """Members of the chosen groups approve; the task is approved once
    ``required_approvals`` distinct members have, and rejected by any one.

    Approvals before the last one are recorded as :class:`ReviewerApproval`
    rows and logged, and leave the task in progress. Editing and resubmitting
    a page starts a new task state, so earlier approvals no longer count.
    """

    required_approvals = models.PositiveSmallIntegerField(
        _("required approvals"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "How many different members of the groups must approve. The person "
            "who submitted the page for moderation never counts."
        ),
    )

    admin_form_fields = [*AbstractGroupApprovalTask.admin_form_fields]
    admin_form_fields.append("required_approvals")

    class Meta:
        verbose_name = _("Approval by distinct reviewers task")
        verbose_name_plural = _("Approval by distinct reviewers tasks")

    @classmethod
    def get_description(cls):
        return _(
            "A set number of different members of the chosen groups must "
            "approve; the person who submitted cannot approve their own"
        )

    def is_reviewer(self, user):
        """Whether ``user`` reviews for this task (override to change who does)."""
        return user.is_superuser or self._user_in_groups(user)

    def is_submitter(self, task_state, user):
        """Whether ``user`` asked for this moderation, or wrote the revision
        under review: they may not approve their own work."""
        requested_by = task_state.workflow_state.requested_by_id
        return user.pk in (requested_by, task_state.revision.user_id)

    def user_can_approve(self, task_state, user):
        """A reviewer who is not the submitter and has not approved yet."""
        if task_state is None or not self.is_reviewer(user):
            return False
        if self.is_submitter(task_state, user):
            return False
        return not task_state.reviewer_approvals.filter(user=user).exists()

    def get_actions(self, obj, user):
        if not self.is_reviewer(user):
            return []
        actions = [("reject", _("Request changes"), True)]
        task_state = obj.current_workflow_task_state
        if self.user_can_approve(task_state, user):
            this_one = task_state.reviewer_approvals.count() + 1
            numbers = {"count": this_one, "required": self.required_approvals}
            actions.append(
                ("approve", _("Approve (%(count)s of %(required)s)") % numbers, False)
            )
            actions.append(
                (
                    "approve",
                    _("Approve with comment (%(count)s of %(required)s)") % numbers,
                    True,
                )
            )
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # Leave out what this user may not approve (their own submissions)
        # or has approved already, so their dashboard lists only real work.
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user).exclude(
            reviewer_approvals__user=user
        )

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            return self.record_approval(task_state, user, **kwargs)
        if action_name == "reject" and not self.is_reviewer(user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def record_approval(self, task_state, user, comment="", **kwargs):
        """Count ``user``'s approval once; approve the task state when the
        threshold is reached. Raises ``PermissionDenied`` when ``user`` may
        not approve or the task state is no longer in progress."""
        # The row lock makes two reviewers approving at the same moment
        # take turns, so exactly one of them completes the task.
        locked = TaskState.objects.select_for_update().get(pk=task_state.pk)
        if locked.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied
        if not self.is_reviewer(user) or self.is_submitter(task_state, user):
            raise PermissionDenied
        _approval, created = ReviewerApproval.objects.get_or_create(
            task_state_id=task_state.pk, user=user
        )
        count = ReviewerApproval.objects.filter(task_state_id=task_state.pk).count()
        if count >= self.required_approvals:
            task_state.status = locked.status
            task_state.approve(user=user, update=False, comment=comment, **kwargs)
            self.continue_workflow(task_state.workflow_state, user)
        elif created:
            log_actions.log_approval_recorded(
                task_state, user, count, self.required_approvals, comment
            )

    def continue_workflow(self, workflow_state, user):
        """Move the workflow on once this task is approved.

        When this was the workflow's last task, the page (or snippet) is
        published on the workflow's behalf: the distinct approvals are the
        permission. Wagtail would otherwise publish as the last reviewer and
        require them to hold "publish" themselves, and that permission lets
        one person publish alone with the editor's Publish button. A site
        that set its own ``WAGTAIL_FINISH_WORKFLOW_ACTION`` keeps it.
        """
        workflow_state.refresh_from_db()
        last_task = workflow_state.get_next_task() is None
        default_finish = type(workflow_state).on_finish is publish_workflow_state
        if not (last_task and default_finish):
            workflow_state.update(user=user)
            return
        if workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
            return
        workflow_state.status = WorkflowState.STATUS_APPROVED
        workflow_state.save(update_fields=["status"])
        revision = workflow_state.content_object.get_latest_revision()
        revision.publish(user=user, skip_permission_checks=True)
        workflow_approved.send(
            sender=type(workflow_state), instance=workflow_state, user=user
        )


class ReviewerApproval(models.Model):
    """One reviewer's approval of one task state of a
    :class:`DistinctReviewersApprovalTask`; each reviewer counts once."""

    task_state = models.ForeignKey(
        TaskState,
        on_delete=models.CASCADE,
        related_name="reviewer_approvals",
        verbose_name=_("task state"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    created_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reviewer approval")
        verbose_name_plural = _("reviewer approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["task_state", "user"], name="tuidang_reviewer_approval_once"
            )
        ]

    def __str__(self):
        return f"{self.task_state_id}: {self.user_id}"
