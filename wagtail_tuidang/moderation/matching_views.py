"""Admin views of decisions on all matching statements: asking for one from
the queue's filters, the time-window spam action, and a job's progress.

Each needs the "moderate" permission; the task checks it again, with the
moderator's account, before each batch.
"""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import AdminDateTimeInput

from ..statements.index_pages import statement_index_pages
from ..statements.models import FLAG_FIELDS
from . import matching, tasks
from .filters import StatementFilterSet, request_words
from .forms import RejectForm
from .models import BulkDecision
from .policy import statement_policy
from .tabs import tab_labels

#: The decisions that may be taken on all matching statements.
MATCHING_ACTIONS = ("publish", "reject", "mark_spam")


def matching_action_labels():
    """``{action: button label}`` of the listing's "all matching" buttons."""
    return {
        "publish": _("Publish all matching…"),
        "reject": _("Reject all matching…"),
        "mark_spam": _("Mark all matching as spam…"),
    }


class NoFieldsForm(forms.Form):
    """The form of a decision that asks nothing more."""


class BulkJobMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """Permission, header and links shared by these views."""

    permission_policy = statement_policy
    permission_required = "moderate"
    header_icon = "form"
    index_url_name = None
    job_url_name = None

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Statements")},
            {"url": "", "label": self.get_page_title()},
        ]

    def start_job(self, action, criteria, form):
        data = getattr(form, "cleaned_data", {})
        job = matching.start(
            self.request.user,
            action,
            criteria,
            reason=data.get("reason", ""),
            note=data.get("internal_note", ""),
        )
        if job is None:
            messages.error(self.request, _("These filters could not be read."))
            return redirect(self.index_url_name)
        return redirect(self.job_url_name, job.pk)


class MatchingDecisionView(BulkJobMixin, FormView):
    """Ask for a decision on every statement the queue's current filters and
    search match: a count, the rejection reason if needed, a button."""

    template_name = "wagtail_tuidang/moderation/matching.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if kwargs["action"] not in MATCHING_ACTIONS:
            raise Http404
        self.action = kwargs["action"]

    def get_page_title(self):
        return matching_action_labels()[self.action].rstrip("…")

    @cached_property
    def criteria(self):
        return matching.listing_criteria(self.request.GET, request_words(self.request))

    @cached_property
    def queryset(self):
        return matching.criteria_queryset(self.criteria)

    def get_form_class(self):
        return RejectForm if self.action == "reject" else NoFieldsForm

    def get(self, request, *args, **kwargs):
        if self.queryset is None:
            messages.error(request, _("These filters could not be read."))
            return redirect(self.index_url_name)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.urlencode()
        context.update(
            count=self.queryset.count() if self.queryset is not None else 0,
            action=self.action,
            searched=bool(self.criteria["words"]),
            filters=describe_filters(self.criteria["query"]),
            back_url=reverse(self.index_url_name) + ("?" + query if query else ""),
        )
        return context

    def form_valid(self, form):
        return self.start_job(self.action, self.criteria, form)


def describe_filters(query):
    """The filters of ``query`` as a moderator reads them: each filter's
    label, and the label of each value chosen where it has choices."""
    lines = []
    for name, values in sorted(query.items()):
        # A date range's two fields (submitted_at_after…) share one label.
        filters = StatementFilterSet.base_filters
        filter_ = filters.get(name) or filters.get(name.rsplit("_", 1)[0])
        if filter_ is None:
            lines.append((name, ", ".join(values)))
            continue
        choices = filter_.extra.get("choices") or []
        choices = dict(choices() if callable(choices) else choices)
        shown = [str(choices.get(value, value)) for value in values]
        lines.append((filter_.label or name, ", ".join(shown)))
    return lines


class WindowSpamForm(forms.Form):
    """Pending statements submitted in a time window, with any of the
    chosen flags, on one statement index page or all of them."""

    after = forms.DateTimeField(label=_("Submitted from"), widget=AdminDateTimeInput())
    before = forms.DateTimeField(
        label=_("Submitted before"), widget=AdminDateTimeInput()
    )
    flags = forms.MultipleChoiceField(
        label=_("With any of these flags"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose “Not flagged” as well only if the flood raised no flag: "
            "honest statements sent in the same minutes would be marked too."
        ),
    )
    index_page = forms.ModelChoiceField(
        label=_("Statement index page"),
        queryset=None,
        required=False,
        empty_label=_("All"),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = tab_labels()
        self.fields["flags"].choices = [
            *((name, labels[name]) for name in FLAG_FIELDS),
            (matching.NOT_FLAGGED, labels["unflagged"]),
        ]
        self.fields["index_page"].queryset = statement_index_pages()

    def clean(self):
        data = super().clean()
        after, before = data.get("after"), data.get("before")
        if after and before and after >= before:
            raise forms.ValidationError(
                _("The end of the window must come after its start.")
            )
        return data

    def criteria(self):
        data = self.cleaned_data
        return matching.window_criteria(
            data["after"], data["before"], data["flags"], data.get("index_page")
        )


class WindowSpamView(BulkJobMixin, FormView):
    """Mark as spam every pending statement submitted between two moments
    with the chosen flags: a flood, in one decision. The first POST shows
    how many match; the second, confirmed, starts the job."""

    template_name = "wagtail_tuidang/moderation/spam_window.html"
    form_class = WindowSpamForm
    page_title = _("Mark a time window as spam")

    def form_valid(self, form):
        if not form.cleaned_data["confirmed"]:
            queryset = matching.criteria_queryset(form.criteria())
            data = form.data.copy()
            data["confirmed"] = "True"
            confirm_form = self.form_class(data)
            confirm_form.is_valid()
            return self.render_to_response(
                self.get_context_data(
                    form=confirm_form, count=queryset.count(), preview=True
                )
            )
        return self.start_job("mark_spam", form.criteria(), form)


class BulkDecisionProgressView(BulkJobMixin, TemplateView):
    """Where a decision on all matching statements stands. With tasks run
    inside requests, each visit runs its next step; a job whose worker
    stopped can be continued."""

    template_name = "wagtail_tuidang/moderation/bulk_decision.html"
    page_title = _("Decision on all matching statements")

    @cached_property
    def job(self):
        return get_object_or_404(BulkDecision, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        if tasks.runs_in_request() and not self.job.finished:
            matching.enqueue(self.job)
            self.job.refresh_from_db()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if matching.is_stale(self.job):
            matching.enqueue(self.job)
        return redirect(self.job_url_name, self.job.pk)

    def get_context_data(self, **kwargs):
        job = self.job
        context = super().get_context_data(**kwargs)
        context.update(
            job=job,
            decision=dict(BulkDecision.ACTIONS)[job.action],
            stale=matching.is_stale(job),
            in_request=tasks.runs_in_request(),
            index_url=reverse(self.index_url_name),
        )
        return context
