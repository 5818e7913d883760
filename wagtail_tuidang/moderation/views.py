"""The moderation queue: a Wagtail ModelViewSet for statements.

Listing (filters, search, sorting, bulk actions), inspect, history, a
correction form for pending statements, redaction of published ones, and
the contact view. There is no
"add", "copy" or "delete": statements come from the public form, volunteers
and imports, and leave the queue only through decisions (``transitions``).
Statement is deliberately not indexed by Wagtail search (privacy): the
queue's search runs on the database (``filters.queue_match``).
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from ..conf import get_setting
from ..statements import registration
from ..statements.choices import Status
from ..statements.models import Statement
from .certificates import CertificateView
from .contact import ContactView
from .corrections import save_correction
from .counts import pending_count
from .decisions import DecisionRefused
from .display import first_line, flag_labels, organisation_labels
from .duplicates import MarkDuplicateView
from .filters import (
    DEFAULT_STATUS,
    FLAG_FILTERS,
    SEARCH_FIELDS,
    StatementFilterSet,
    queue_data,
    queue_match,
)
from .flood_alerts import active_alerts
from .forms import StatementEditForm
from .inspect import DecisionView, StatementInspectView
from .matching_views import (
    BulkDecisionProgressView,
    MatchingDecisionView,
    WindowSpamView,
    matching_action_labels,
)
from .policy import statement_policy
from .redactions import RedactView
from .search import PrivateSearchMixin
from .tabs import TAB_PARAM, count_display, tab_counts, tab_labels


def real_name_state(statement):
    """Requested, confirmed or not: what a moderator needs in the listing."""
    if not (statement.is_real_name and statement.consent_real_name):
        return ""
    if statement.real_name_confirmed:
        return _("Confirmed")
    return _("Waiting for confirmation")


class StatementIndexView(PrivateSearchMixin, generic.IndexView):
    """The queue: pending statements, oldest first, unless filtered otherwise.
    Its search keeps names out of URLs (see ``search``)."""

    any_permission_required = ["view", "moderate"]
    permission_policy = statement_policy
    default_ordering = "submitted_at"
    history_url_name = None
    matching_url_name = None
    spam_window_url_name = None
    page_title = _("Statements")

    def get_base_queryset(self):
        # One query for the rows whatever their number: the page title is
        # joined, nothing else is read per row.
        return super().get_base_queryset().select_related("index_page")

    def search_queryset(self, queryset):
        # Names, aliases and texts across scripts, widths and case, as the
        # wall's search; any other field of ``search_fields`` as typed.
        if not self.is_searching:
            return queryset
        words = self.search_query
        condition = queue_match(words)
        for field in self.search_fields or []:
            if field not in SEARCH_FIELDS:
                condition |= Q(**{f"{field}__icontains": words})
        return queryset.filter(condition)

    def get_filterset_kwargs(self):
        # A registration number belongs to a published statement: looked
        # up whatever its status unless a status was chosen.
        number = registration.normalise(self.search_query)
        data = queue_data(self.request.GET, any_status=number is not None)
        return {**super().get_filterset_kwargs(), "data": data}

    def order_queryset(self, queryset):
        # Ties broken by id: pages never repeat or skip a statement, and
        # each tab reads its partial index (submitted_at, id) in order.
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["queue_tabs"] = self.get_tabs()
        context["matching_actions"] = self.get_matching_actions()
        context["spam_window_url"] = reverse(self.spam_window_url_name)
        context["flood_alerts"] = active_alerts()
        return context

    def get_tabs(self):
        """The tabs above the listing, for pending statements only: label,
        count, link (the other filters kept) and whether it is shown."""
        number = registration.normalise(self.search_query)
        data = queue_data(self.request.GET, any_status=number is not None)
        if data.get("status") != DEFAULT_STATUS:
            return []
        counts = tab_counts()
        current = data[TAB_PARAM]
        tabs = []
        for tab, label in tab_labels().items():
            query = self.request.GET.copy()
            for name in (TAB_PARAM, "p", *FLAG_FILTERS):
                query.pop(name, None)
            query[TAB_PARAM] = tab
            tabs.append(
                {
                    "label": label,
                    "count": count_display(counts[tab]),
                    "url": "?" + query.urlencode(),
                    "current": tab == current,
                }
            )
        return tabs

    def get_matching_actions(self):
        """Decisions on every statement matching the current filters and
        search, run in the background: those this user may take."""
        if not statement_policy.user_has_permission(self.request.user, "moderate"):
            return []
        query = self.request.GET.urlencode()
        return [
            {
                "label": label,
                "url": reverse(self.matching_url_name, args=(action,))
                + ("?" + query if query else ""),
            }
            for action, label in matching_action_labels().items()
        ]

    @cached_property
    def columns(self):
        title_column = self._get_title_column_class(TitleColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="statement"),
            title_column(
                "name",
                label=pgettext_lazy("statement", "Name"),
                sort_key="name",
                get_url=self.get_inspect_url,
                get_title_id=lambda statement: f"statement_{statement.pk}_title",
            ),
            Column("alias", label=pgettext_lazy("statement", "Alias")),
            # The widest column: the words a moderator reads first.
            Column(
                "first_line", label=_("Statement"), accessor=first_line, width="22%"
            ),
            Column("organisations", label=_("Quits"), accessor=organisation_labels),
            StatusTagColumn(
                "status",
                accessor="get_status_display",
                label=_("Status"),
                sort_key="status",
                primary=lambda statement: statement.status == Status.PENDING,
            ),
            Column("flags", label=_("Flags"), accessor=flag_labels),
            Column("real_name", label=_("Real name"), accessor=real_name_state),
            Column("people_count", label=_("People"), sort_key="people_count"),
            Column("source", accessor="get_source_display", label=_("Source")),
            Column("region", accessor="get_region_display", label=_("Region")),
            Column("index_page", accessor="index_page.title", label=_("Page")),
            DateColumn(
                "submitted_at",
                label=pgettext_lazy("date", "Submitted"),
                sort_key="submitted_at",
            ),
        ]

    def get_edit_url(self, instance):
        if instance.status == Status.PENDING:
            return super().get_edit_url(instance)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            ListingMenuItem(
                _("History"),
                url=reverse(self.history_url_name, args=(quote(instance.pk),)),
                icon_name="history",
                priority=40,
            )
        )
        return buttons


class StatementEditView(generic.EditView):
    """Correct the wording of a pending statement (see ``corrections``)."""

    permission_policy = statement_policy
    # Messages may travel in a signed, not encrypted, cookie: they name a
    # statement by its number, never by a name that may be a real one.
    success_message = _("Statement #%(id)s corrected.")

    def get_success_message(self):
        return self.success_message % {"id": self.object.pk}

    def get_queryset(self):
        return Statement.objects.filter(status=Status.PENDING)

    def save_instance(self):
        return save_correction(self.form, self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DecisionRefused as refusal:
            messages.error(self.request, str(refusal))
            return redirect(self.get_inspect_url())

    def get_success_url(self):
        return self.get_inspect_url()


class StatementHistoryView(history.HistoryView):
    """Wagtail's history of a statement: its audit log entries."""

    any_permission_required = ["view", "moderate"]
    permission_policy = statement_policy
    inspect_url_name = None

    @cached_property
    def header_buttons(self):
        url = reverse(self.inspect_url_name, args=(quote(self.object.pk),))
        return [HeaderButton(_("Inspect"), url=url, icon_name="info-circle")]

    def get_edit_url(self, instance):
        return None


class StatementsMenuItem(MenuItem):
    """ "Statements (12)": the menu shows how many statements wait."""

    def is_shown(self, request):
        return statement_policy.user_has_permission(request.user, "view")

    def render_component(self, request):
        component = super().render_component(request)
        count = pending_count()
        if count:
            component.label = _("%(label)s (%(count)s)") % {
                "label": self.label,
                "count": count,
            }
        return component


class StatementAdminURLFinder(ModelAdminURLFinder):
    """Links from Wagtail's reports (e.g. site history) go to the inspect
    view, which everyone who may see the queue can open."""

    inspect_url_name = None

    def construct_edit_url(self, instance):
        return reverse(self.inspect_url_name, args=(quote(instance.pk),))

    def get_edit_url(self, instance):
        if self.user and not statement_policy.user_has_permission(self.user, "view"):
            return None
        return self.construct_edit_url(instance)


class StatementViewSet(ModelViewSet):
    """The moderation queue. Subclass it and register yours instead (with
    the ``register_admin_viewset`` hook) to change columns or views."""

    model = Statement
    icon = "form"
    menu_label = _("Statements")
    menu_name = "tuidang-statements"
    menu_order = 250
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    search_fields = list(SEARCH_FIELDS)
    search_backend_name = None
    list_per_page = 50
    filterset_class = StatementFilterSet
    template_prefix = "wagtail_tuidang/moderation/"

    index_view_class = StatementIndexView
    inspect_view_class = StatementInspectView
    edit_view_class = StatementEditView
    history_view_class = StatementHistoryView
    contact_view_class = ContactView
    decision_view_class = DecisionView
    redact_view_class = RedactView
    matching_view_class = MatchingDecisionView
    spam_window_view_class = WindowSpamView
    bulk_decision_view_class = BulkDecisionProgressView
    duplicate_view_class = MarkDuplicateView
    certificate_view_class = CertificateView

    @property
    def permission_policy(self):
        return statement_policy

    @cached_property
    def menu_item_class(self):
        return StatementsMenuItem

    @property
    def url_finder_class(self):
        return type(
            "StatementAdminURLFinder",
            (StatementAdminURLFinder,),
            {"inspect_url_name": self.get_url_name("inspect")},
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "delete_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_form_class(self, for_update=False):
        return StatementEditForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            matching_url_name=self.get_url_name("matching"),
            spam_window_url_name=self.get_url_name("spam_window"),
            **kwargs,
        )

    def get_bulk_job_view_kwargs(self):
        return {
            "index_url_name": self.get_url_name("index"),
            "job_url_name": self.get_url_name("bulk_decision"),
        }

    @property
    def matching_view(self):
        return self.construct_view(
            self.matching_view_class, **self.get_bulk_job_view_kwargs()
        )

    @property
    def spam_window_view(self):
        return self.construct_view(
            self.spam_window_view_class, **self.get_bulk_job_view_kwargs()
        )

    @property
    def bulk_decision_view(self):
        return self.construct_view(
            self.bulk_decision_view_class, **self.get_bulk_job_view_kwargs()
        )

    @property
    def duplicate_view(self):
        return self.construct_view(
            self.duplicate_view_class,
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            contact_url_name=self.get_url_name("contact"),
            decide_url_name=self.get_url_name("decide"),
            redact_url_name=self.get_url_name("redact"),
            duplicate_url_name=self.get_url_name("duplicate"),
            certificate_url_name=self.get_url_name("certificate"),
            **kwargs,
        )

    @property
    def contact_view(self):
        return self.construct_view(self.contact_view_class)

    @property
    def decision_view(self):
        return self.construct_view(self.decision_view_class)

    @property
    def redact_view(self):
        return self.construct_view(self.redact_view_class)

    @property
    def certificate_view(self):
        return self.construct_view(
            self.certificate_view_class,
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_permissions_to_register(self):
        # Statements are never added or deleted in the admin.
        return (
            super()
            .get_permissions_to_register()
            .exclude(codename__in=["add_statement", "delete_statement"])
        )

    def get_urlpatterns(self):
        unused = {"add", "delete", "usage"}
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in unused
        ] + [
            path("contact/<int:pk>/", self.contact_view, name="contact"),
            path("decide/<int:pk>/<slug:action>/", self.decision_view, name="decide"),
            path("redact/<int:pk>/", self.redact_view, name="redact"),
            path("matching/<slug:action>/", self.matching_view, name="matching"),
            path("spam-window/", self.spam_window_view, name="spam_window"),
            path("bulk/<int:pk>/", self.bulk_decision_view, name="bulk_decision"),
            path(
                "duplicate/<int:pk>/<int:original>/",
                self.duplicate_view,
                name="duplicate",
            ),
            path("certificate/<int:pk>/", self.certificate_view, name="certificate"),
        ]


def get_statement_viewset_class():
    """The viewset registered for the moderation queue: the class named by
    ``WAGTAIL_TUIDANG_STATEMENT_VIEWSET``, a subclass of :class:`StatementViewSet`."""
    viewset_class = import_string(get_setting("STATEMENT_VIEWSET"))
    if not (
        isinstance(viewset_class, type) and issubclass(viewset_class, StatementViewSet)
    ):
        raise ImproperlyConfigured(
            "WAGTAIL_TUIDANG_STATEMENT_VIEWSET must name a subclass of "
            "wagtail_tuidang.moderation.views.StatementViewSet."
        )
    return viewset_class
