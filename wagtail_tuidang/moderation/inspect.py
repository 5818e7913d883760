"""Reading one statement, and deciding on it, in the moderation admin.

The inspect view shows what a moderator reads before deciding (labels,
organisation and region names, Yes/No), never internal data (ids, hashes,
fingerprints, encrypted contact details), with the decision buttons the
moderator may use. Each button posts to :class:`DecisionView`, which takes
the decision through the same bulk action class as the queue's bulk
actions, so rules, messages and the audit log are the same for one
statement as for many.
"""

from django.contrib.admin.utils import quote
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button

from ..statements.choices import Status
from ..statements.models import Statement
from .bulk_actions import BULK_ACTIONS
from .confirmations import describe_progress, required_confirmations
from .display import flag_labels, language_name, organisation_labels
from .duplicates import duplicate_of, matched_statements
from .forms import RedactForm
from .models import RealNameConfirmation
from .policy import statement_policy

#: Shown for an empty value instead of "None" or a blank.
NOT_GIVEN = _("Not given")


class StatementInspectView(generic.InspectView):
    """One statement laid out for reading, with the decision buttons.

    Contact details are not shown here: only the contact view shows them
    (to those allowed, and logged)."""

    any_permission_required = ["view", "moderate"]
    permission_policy = statement_policy
    contact_url_name = None
    decide_url_name = None
    redact_url_name = None
    duplicate_url_name = None
    inspect_url_name = None
    certificate_url_name = None
    history_url_name = None
    #: What the statement says, read before deciding.
    reading_fields = [
        "public_name",
        "name",
        "alias",
        "organisations",
        "people_count",
        "region",
        "text",
        "language",
        "declared_on",
    ]
    #: Where it came from and what has been decided so far.
    detail_fields = [
        "status",
        "index_page",
        "source",
        "submitted_by",
        "submitted_at",
        "last_edited_by",
        "decided_at",
        "published_at",
        "registration_number",
        "public_reason",
        "internal_note",
        "flags",
        "is_real_name",
        "consent_real_name",
        "real_name_confirmed",
    ]
    #: Labels of the values that are not model fields.
    extra_labels = {
        "public_name": _("Public name"),
        "organisations": _("Organisations quit"),
        "flags": _("Flags"),
        "index_page": _("Page"),
    }

    def get_fields(self):
        return self.reading_fields + self.detail_fields

    def get_field_label(self, field_name, field):
        if field_name in self.extra_labels:
            return self.extra_labels[field_name]
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if value is None or value == "":
            return NOT_GIVEN
        return value

    def get_public_name_display_value(self):
        return self.object.public_name

    def get_organisations_display_value(self):
        return organisation_labels(self.object)

    def get_text_display_value(self):
        # Escaped, with the submitter's line breaks kept.
        return linebreaksbr(self.object.text, autoescape=True)

    def get_language_display_value(self):
        return self.object.language and language_name(self.object.language)

    def get_index_page_display_value(self):
        return self.object.index_page.title

    def get_submitted_by_display_value(self):
        user = self.object.submitted_by
        return user and (user.get_full_name() or user.get_username())

    def get_last_edited_by_display_value(self):
        user = self.object.last_edited_by
        return user and (user.get_full_name() or user.get_username())

    def get_registration_number_display_value(self):
        return self.object.registration_number_display

    def get_flags_display_value(self):
        return flag_labels(self.object) or _("No flags raised")

    def get_edit_url(self):
        if self.object.status == Status.PENDING:
            return super().get_edit_url()

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        buttons.append(
            Button(
                _("History"),
                url=reverse(self.history_url_name, args=(quote(self.object.pk),)),
                icon_name="history",
                priority=30,
            )
        )
        if self.object.status == Status.PUBLISHED and self.certificate_url_name:
            buttons.append(
                Button(
                    _("Print certificate"),
                    url=reverse(
                        self.certificate_url_name, args=(quote(self.object.pk),)
                    ),
                    icon_name="doc-full",
                    priority=40,
                    attrs={"target": "_blank", "rel": "noopener"},
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fields = context["fields"]
        split = len(self.reading_fields)
        context.update(
            reading_fields=fields[:split],
            detail_fields=fields[split:],
            **self.get_decision_context(),
            **self.get_contact_context(),
            **self.get_real_name_context(),
            **self.get_redaction_context(),
            **self.get_duplicate_context(),
        )
        return context

    def get_duplicate_context(self):
        """The statements the duplicate flag is about, side by side with
        this one, each with a "mark as duplicate of" button while this one
        is pending and the user may decide; and the original, if this one
        was rejected as a duplicate."""
        statement = self.object
        may_mark = statement.status == Status.PENDING and (
            self.permission_policy.user_has_permission(self.request.user, "moderate")
        )
        matches = [
            {
                "statement": match,
                "url": reverse(self.inspect_url_name, args=(quote(match.pk),)),
                "mark_url": may_mark
                and reverse(
                    self.duplicate_url_name,
                    args=(quote(statement.pk), quote(match.pk)),
                ),
            }
            for match in (
                matched_statements(statement)
                if statement.flag_duplicate or may_mark
                else []
            )
        ]
        original = duplicate_of(statement)
        return {
            "duplicates": matches,
            "duplicate_of": original
            and {
                "id": original,
                "url": reverse(self.inspect_url_name, args=(quote(original),)),
            },
        }

    def get_decision_context(self):
        """The decisions this user may take now, and why the others that
        would apply to this pending statement are not possible."""
        available, refused = [], []
        for action_class in BULK_ACTIONS:
            action = action_class(self.request, Statement)
            if not action.is_permitted():
                continue
            refusal = action.why_not(self.object)
            if refusal is None:
                available.append(self.describe_decision(action))
            elif self.object.status == Status.PENDING and action.applies_to(
                self.object
            ):
                refused.append((action.display_name, refusal))
        return {"decisions": available, "refused_decisions": refused}

    def describe_decision(self, action):
        url = reverse(
            self.decide_url_name, args=(quote(self.object.pk), action.action_type)
        )
        form_class = action.get_form_class()
        form = form_class(auto_id=f"id_{action.action_type}_%s")
        return {"action": action, "url": url, "form": form}

    def get_redaction_context(self):
        """The redaction form, for a published statement and those who may
        take statements down."""
        if self.object.status != Status.PUBLISHED:
            return {"redaction": None}
        if not self.permission_policy.user_has_permission(
            self.request.user, "take_down"
        ):
            return {"redaction": None}
        url = reverse(self.redact_url_name, args=(quote(self.object.pk),))
        return {"redaction": {"url": url, "form": RedactForm(auto_id="id_redact_%s")}}

    def get_contact_context(self):
        can_view = self.permission_policy.user_has_permission(
            self.request.user, "view_contact"
        )
        return {
            "has_contact": self.object.has_contact,
            "contact_url": can_view
            and self.object.has_contact
            and reverse(self.contact_url_name, args=(quote(self.object.pk),)),
        }

    def get_real_name_context(self):
        statement = self.object
        if not (statement.is_real_name and statement.consent_real_name):
            return {"real_name_requested": False}
        confirmations = list(
            RealNameConfirmation.objects.filter(statement=statement)
            .select_related("user")
            .order_by("created_at")
        )
        return {
            "real_name_requested": True,
            "confirmations": confirmations,
            "confirmations_required": required_confirmations(),
            "confirmation_progress": describe_progress(statement, len(confirmations)),
        }


class DecisionView(PermissionCheckedMixin, View):
    """Take one decision on one statement (a POST from the inspect view).

    The decision goes through the bulk action of the same name, for this
    statement alone: the same permission, rules, messages and audit log. A
    decision no longer possible (someone else decided first) is refused with
    a message saying why; the moderator returns to the statement either way.
    """

    http_method_names = ["post"]
    permission_policy = statement_policy
    inspect_url_name = None
    #: The decisions, by the ``action`` in the URL.
    actions = {action.action_type: action for action in BULK_ACTIONS}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        action_class = self.actions.get(kwargs["action"])
        if action_class is None:
            raise Http404
        self.action = action_class(request, Statement)

    @property
    def permission_required(self):
        return self.action.permission_required

    def post(self, request, pk, action):
        statement = get_object_or_404(Statement, pk=pk)
        form = self.action.get_form_class()(request.POST)
        if not form.is_valid():
            messages.error(request, self.invalid_message(form))
            return self.back_to(statement)
        self.action.cleaned_form = form
        done, skipped = self.action.run([statement])
        for _statement, reason in skipped:
            messages.error(request, self.action.refused_message % {"reason": reason})
        if done:
            messages.success(request, self.action.success_message % {"count": 1})
        return self.back_to(statement)

    @staticmethod
    def invalid_message(form):
        """The form's errors in one line, each after its field's label."""
        return " ".join(
            f"{form.fields[name].label}: {' '.join(errors)}"
            if name in form.fields
            else " ".join(errors)
            for name, errors in form.errors.items()
        )

    def back_to(self, statement):
        return redirect(self.inspect_url_name, quote(statement.pk))
