"""Bulk actions on the queue: publish, reject, mark as spam, confirm real name,
and take down published statements.

Built on Wagtail's bulk action framework (as snippets' bulk delete is). Each
statement goes through the transitions or confirmations module on its own;
one that cannot take the action (already decided, a real name waiting for
confirmation, the moderator's own submission…) is skipped with a message
saying why, and the others proceed. A decision is taken on all the statements
at once (``decisions.decide_many``): statements are locked in id order, then
tally rows, so two moderators acting on overlapping selections wait for each
other instead of deadlocking.
"""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..statements.choices import Status
from ..statements.models import Statement
from . import ADMIN_NAMESPACE, confirmations, decisions
from .filters import queue_queryset
from .forms import RejectForm, TakeDownForm
from .policy import statement_policy

#: Most statements one bulk action handles (also for "select all").
MAX_ITEMS = 500
#: Skipped statements named one by one in messages; the rest are counted.
MAX_SKIP_MESSAGES = 20


#: Largest value of a big integer primary key.
MAX_ID = 2**63 - 1

#: What a refused decision raises: a sentence saying why.
REFUSALS = (decisions.DecisionRefused, confirmations.ConfirmationRefused)


def _is_id(value):
    return value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID


class StatementBulkAction(PermissionCheckedMixin, BulkAction):
    """Base class: permission, selection, per-statement outcome and messages.

    Subclasses set ``permission_required`` (an action of the statement
    permission policy), their messages, and implement :meth:`why_not` and
    :meth:`apply` (or :meth:`run`, to act on all statements at once). The
    inspect view's decision buttons run the same classes for one statement.
    """

    models = [Statement]
    template_name = "wagtail_tuidang/moderation/bulk_action.html"
    permission_policy = statement_policy
    permission_required = "moderate"
    #: Shown on the confirmation page and its button.
    question = ""
    button_text = ""
    #: Whether the confirmation page shows the real name being decided on,
    #: not only the public name.
    shows_real_name = False
    #: What the action says it did, ``%(count)s`` statements.
    success_message = ""
    #: A statement the action left alone, and why.
    skipped_message = _("Statement #%(id)s was skipped: %(reason)s")
    #: The statements skipped beyond those named one by one.
    more_skipped_message = ngettext_lazy(
        "%(count)s more statement was skipped.",
        "%(count)s more statements were skipped.",
        "count",
    )
    #: A selection longer than one action handles.
    truncated_message = _(
        "Only the first %(count)s selected statements were included. Run "
        "the action again for the others."
    )
    #: A decision taken from the inspect view that could not be taken.
    refused_message = _("Nothing was changed: %(reason)s")

    def __init__(self, request, model):
        super().__init__(request, model)
        self.done, self.skipped = [], []

    def is_permitted(self):
        """Whether the user may take this action at all (the statement
        permission policy decides, as for every view of the queue)."""
        return self.user_has_permission(self.permission_required)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = sorted({int(pk) for pk in map(str, object_ids) if _is_id(pk)})
        statements = list(
            model.objects.filter(pk__in=ids[:MAX_ITEMS])
            .select_related("index_page")
            .order_by("pk")
        )
        if not statements:
            raise Http404
        return statements

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" means all the queue shows with its current filters
        # and search, never every statement there is.
        queryset = queue_queryset(self.request)
        return list(queryset.values_list("pk", flat=True)[:MAX_ITEMS])

    def is_truncated(self):
        """Whether more statements were selected than one action handles."""
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            return queue_queryset(self.request)[MAX_ITEMS:].exists()
        return len({pk for pk in ids if _is_id(pk)}) > MAX_ITEMS

    def check_perm(self, obj):
        return True

    def applies_to(self, statement):
        """Whether this action means anything for ``statement`` at all: the
        inspect view explains why an action is not possible only then."""
        return True

    def why_not(self, statement):
        """Why this statement would be skipped, or ``None``."""
        raise NotImplementedError  # pragma: no cover - each action defines it

    def apply(self, statement):
        """Take the action on one statement; raise a refusal to skip it."""
        raise NotImplementedError  # pragma: no cover - each action defines it

    def object_context(self, obj):
        return {
            "item": obj,
            "refusal": self.why_not(obj),
            "inspect_url": reverse(f"{ADMIN_NAMESPACE}:inspect", args=(obj.pk,)),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        context["button_text"] = self.button_text
        context["actionable_count"] = sum(
            1 for item in context["items"] if not item["refusal"]
        )
        context["truncated"] = self.is_truncated()
        context["max_items"] = MAX_ITEMS
        return context

    def get_execution_context(self):
        return {"action": self}

    def run(self, statements):
        """Take the action on ``statements``; returns ``(done, skipped)``,
        ``skipped`` as ``(statement, reason)`` pairs. The bulk action and the
        inspect view's buttons both decide through this."""
        done, skipped = [], []
        for statement in statements:
            try:
                self.apply(statement)
            except REFUSALS as refusal:
                skipped.append((statement, str(refusal)))
            else:
                done.append(statement)
        return done, skipped

    @classmethod
    def execute_action(cls, objects, action=None, **kwargs):
        action.done, action.skipped = action.run(objects)
        return len(action.done), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        for statement, reason in self.skipped[:MAX_SKIP_MESSAGES]:
            messages.warning(
                self.request,
                self.skipped_message
                % {"name": statement.name, "id": statement.pk, "reason": reason},
            )
        if self.is_truncated():
            messages.warning(
                self.request, self.truncated_message % {"count": MAX_ITEMS}
            )
        more = len(self.skipped) - MAX_SKIP_MESSAGES
        if more > 0:
            messages.warning(self.request, self.more_skipped_message % {"count": more})
        if num_parent_objects:
            return self.success_message % {"count": num_parent_objects}
        return None


class DecisionBulkAction(StatementBulkAction):
    """A decision (``decisions.DECISIONS``) taken on each statement."""

    decision = None

    def why_not(self, statement):
        return decisions.why_not(statement, self.decision, self.request.user)

    def decide_all(self, statements):
        """Decide all at once (one lock order: no deadlock); returns the
        ``transitions.Outcome``."""
        return decisions.decide_many(statements, self.decision, self.request.user)

    def run(self, statements):
        outcome = self.decide_all(statements)
        return outcome.done, [(item, str(error)) for item, error in outcome.refused]


class PublishBulkAction(DecisionBulkAction):
    display_name = _("Publish")
    action_type = "publish"
    aria_label = _("Publish the selected statements")
    action_priority = 10
    decision = "publish"
    question = _("Publish these statements?")
    button_text = _("Yes, publish")
    success_message = ngettext_lazy(
        "%(count)s statement published.", "%(count)s statements published.", "count"
    )


class RejectBulkAction(DecisionBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected statements")
    action_priority = 20
    decision = "reject"
    form_class = RejectForm
    question = _("Reject these statements? Their submitters will see the reason.")
    button_text = _("Yes, reject")
    success_message = ngettext_lazy(
        "%(count)s statement rejected.", "%(count)s statements rejected.", "count"
    )

    def decide_all(self, statements):
        return decisions.reject_many(
            statements,
            self.request.user,
            self.cleaned_form.cleaned_data["reason"],
            note=self.cleaned_form.cleaned_data["internal_note"],
        )


class MarkSpamBulkAction(DecisionBulkAction):
    display_name = _("Mark as spam")
    action_type = "mark_spam"
    aria_label = _("Mark the selected statements as spam")
    action_priority = 30
    classes = {"serious"}
    decision = "mark_spam"
    question = _("Mark these statements as spam? They will never be published.")
    button_text = _("Yes, mark as spam")
    success_message = ngettext_lazy(
        "%(count)s statement marked as spam.",
        "%(count)s statements marked as spam.",
        "count",
    )


class TakeDownBulkAction(DecisionBulkAction):
    """Unpublish published statements: off the wall, permalink, feeds and
    totals, with a reason their submitters read on the receipt page."""

    display_name = _("Take down")
    action_type = "take_down"
    aria_label = _("Take down the selected published statements")
    action_priority = 50
    classes = {"serious"}
    permission_required = "take_down"
    decision = "take_down"
    form_class = TakeDownForm
    question = _(
        "Take down these published statements? They will no longer be shown "
        "or counted; their submitters will see the reason."
    )
    button_text = _("Yes, take down")
    success_message = ngettext_lazy(
        "%(count)s statement taken down.",
        "%(count)s statements taken down.",
        "count",
    )

    def applies_to(self, statement):
        return statement.status == Status.PUBLISHED

    def decide_all(self, statements):
        return decisions.take_down_many(
            statements,
            self.request.user,
            self.cleaned_form.cleaned_data["reason"],
            note=self.cleaned_form.cleaned_data["internal_note"],
        )


class ConfirmRealNameBulkAction(StatementBulkAction):
    display_name = _("Confirm real name")
    action_type = "confirm_real_name"
    aria_label = _("Confirm the real names of the selected statements")
    action_priority = 40
    permission_required = "confirm_real_name"
    shows_real_name = True
    question = _(
        "Confirm that these real names may be published? Each real name is "
        "shown once enough different moderators have confirmed it."
    )
    button_text = _("Yes, confirm")
    success_message = ngettext_lazy(
        "Your confirmation was recorded for %(count)s statement.",
        "Your confirmation was recorded for %(count)s statements.",
        "count",
    )

    def applies_to(self, statement):
        return statement.is_real_name and statement.consent_real_name

    def why_not(self, statement):
        return confirmations.why_not_confirm(statement, self.request.user)

    def apply(self, statement):
        confirmations.confirm_real_name(statement, self.request.user)


BULK_ACTIONS = [
    PublishBulkAction,
    RejectBulkAction,
    MarkSpamBulkAction,
    ConfirmRealNameBulkAction,
    TakeDownBulkAction,
]
