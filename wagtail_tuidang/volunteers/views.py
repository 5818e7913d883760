"""The volunteer console: a keyboard-first form for statements taken down on
behalf of callers, an alias generator, and the volunteer's own submissions.

A stored statement's receipt code is shown in the response to that POST only,
never in a message or a URL (both outlive the page), next to a blank form for
the next caller.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView, View
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

from ..moderation import log_actions
from ..moderation.policy import statement_policy
from ..statements import receipts
from ..statements.certificates import render_certificate
from ..statements.choices import Status
from ..statements.index_pages import statement_index_pages
from ..statements.models import Statement
from .aliases import alias_for_session
from .entry import submit_for_caller
from .forms import VolunteerStatementForm

ALREADY_STORED = _(
    "This statement was already stored when the form was first sent, so it was "
    "not stored again. It is in your submissions."
)


def default_page():
    """The first statement index page, or None when there is none yet."""
    page = statement_index_pages().first()
    return page.specific if page else None


class VolunteerMixin(PermissionCheckedMixin):
    """Refuses users the statement policy does not allow
    ``submit_as_volunteer`` (admin access itself is checked by Wagtail for
    every admin URL)."""

    permission_policy = statement_policy
    permission_required = "submit_as_volunteer"


@method_decorator(never_cache, name="dispatch")
class ConsoleView(VolunteerMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET shows a blank form; POST either suggests an alias (the "new alias"
    button) or stores the statement and shows its receipt code once."""

    template_name = "wagtail_tuidang/volunteers/console.html"
    page_title = _("Volunteer console")
    header_icon = "user"
    breadcrumbs_items = []
    form_class = VolunteerStatementForm

    def get(self, request, *args, **kwargs):
        page = self.default_page()
        form = self.form_class(page=page) if page else None
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        page = self.default_page()
        if page is None:
            raise PermissionDenied
        if request.POST.get("action") == "alias":
            return self.suggest_alias(page)
        form = self.form_class(page=page, data=request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        code, statement = self.store(form)
        # The next caller probably reached the volunteer the same way.
        kept = {name: form.cleaned_data[name] for name in ("source", "index_page")}
        blank = self.form_class(page=page, initial=kept)
        if code is None:
            messages.warning(self.request, ALREADY_STORED)
            return self.render_to_response(self.get_context_data(form=blank))
        context = {"receipt_groups": code.split("-"), "stored": statement}
        return self.render_to_response(self.get_context_data(form=blank, **context))

    def default_page(self):
        """The first statement index page (volunteers may choose another)."""
        return default_page()

    def suggest_alias(self, page):
        data = self.request.POST.copy()
        data["name"] = alias_for_session(self.request.session)
        # Unbound, so that a half-filled form shows no errors yet.
        initial = {key: data.getlist(key) for key in data}
        initial = {
            key: v if key == "organisations" else v[-1] for key, v in initial.items()
        }
        form = self.form_class(page=page, initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def store(self, form):
        """Submit the statement as pending, from this volunteer; the code is
        None if this form had already stored it."""
        return submit_for_caller(form, self.request.user)


@method_decorator(never_cache, name="dispatch")
@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class SlipView(VolunteerMixin, View):
    """A printable receipt slip for a booth visitor: POST the code just shown
    (never a URL, so never in a log or the browser's history). Nothing is
    looked up or stored; the code is only printed back."""

    template_name = "wagtail_tuidang/volunteers/slip.html"

    def post(self, request):
        canonical = receipts.normalise(request.POST.get("code", "")[:100])
        page = self.get_page(request.POST.get("page", ""))
        if canonical is None or page is None:
            return HttpResponseBadRequest(_("This is not a receipt code."))
        code = receipts.format_code(canonical)
        context = {
            "page": page,
            "receipt_groups": code.split("-"),
            "receipt_url": page.get_full_url(request) + page.reverse_subpage("receipt"),
        }
        return TemplateResponse(request, self.template_name, context)

    def get_page(self, page_id):
        """The statement index page with this id, or None."""
        if not page_id.isdigit():
            return None
        page = statement_index_pages(translations=True).filter(pk=page_id).first()
        return page.specific if page else None


class AliasView(VolunteerMixin, View):
    """A new alias as JSON, for the console's script (POST: it changes the
    session's batch)."""

    def post(self, request):
        return JsonResponse({"alias": alias_for_session(request.session)})


def status_words(statement):
    """The statement's status in words, with the reason a moderator gave the
    submitter when there is one (a volunteer passes it on to the caller)."""
    words = statement.get_status_display()
    if statement.public_reason:
        return _("%(status)s: %(reason)s") % {
            "status": words,
            "reason": statement.public_reason,
        }
    return words


def certificate_link(statement):
    """A link to the printable certificate of a published statement (the
    caller asks for one), else nothing."""
    if statement.status != Status.PUBLISHED:
        return ""
    url = reverse("wagtail_tuidang_volunteers:certificate", args=[statement.public_id])
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Print")
    )


class MySubmissionsView(VolunteerMixin, IndexView):
    """The statements this volunteer submitted, newest first, with their
    status: never anyone else's, and never contact details."""

    model = Statement
    any_permission_required = None
    page_title = _("My submissions")
    header_icon = "list-ul"
    index_url_name = "wagtail_tuidang_volunteers:mine"
    paginate_by = 50
    default_ordering = "-submitted_at"
    #: Fields the columns read; the rest of the row (texts, contact) stays in
    #: the database.
    FIELDS = (
        "public_id",
        "name",
        "alias",
        "is_real_name",
        "consent_real_name",
        "real_name_confirmed",
        "people_count",
        "status",
        "source",
        "submitted_at",
        "public_reason",
    )
    columns = [
        Column("public_id", label=_("Public id")),
        Column("public_name", label=_("Name shown")),
        Column("people_count", label=_("People"), sort_key="people_count"),
        Column("get_source_display", label=_("Source")),
        DateColumn(
            "submitted_at",
            label=pgettext_lazy("date", "Submitted"),
            sort_key="submitted_at",
        ),
        Column("status", label=_("Status"), accessor=status_words, sort_key="status"),
        Column("certificate", label=_("Certificate"), accessor=certificate_link),
    ]

    @cached_property
    def verbose_name_plural(self):
        return _("statements you sent")

    def get_base_queryset(self):
        return Statement.objects.filter(submitted_by=self.request.user).only(
            *self.FIELDS
        )

    def order_queryset(self, queryset):
        # The primary key breaks ties, so that pages never repeat or skip rows.
        ordering = queryset.order_by(self.ordering).query.order_by
        return queryset.order_by(*ordering, "-pk")

    @cached_property
    def header_buttons(self):
        url = reverse("wagtail_tuidang_volunteers:console")
        return [HeaderButton(_("Send another statement"), url=url, icon_name="plus")]


@method_decorator(never_cache, name="dispatch")
class CertificateView(VolunteerMixin, View):
    """The printable certificate of a statement this volunteer sent for a
    caller, once published: someone else's statement, or one not published,
    is a 404. Recorded in the statement's history, as a moderator's print."""

    http_method_names = ["get", "head"]

    def get(self, request, public_id):
        statement = get_object_or_404(
            Statement.objects.published()
            .filter(submitted_by=request.user)
            .select_related("index_page")
            .defer("contact_encrypted"),
            public_id=public_id,
        )
        back = reverse("wagtail_tuidang_volunteers:mine")
        response = render_certificate(
            request, statement.index_page.specific, statement, back_url=back
        )
        log_actions.log(statement, log_actions.PRINT_CERTIFICATE, user=request.user)
        return response
