"""Admin views of exports and imports."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..moderation import permissions
from . import exporter
from .audit import log_export
from .forms import ExportForm

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_export(user):
    return permissions.has(user, permissions.EXPORT)


def can_import(user):
    return permissions.has(user, permissions.IMPORT)


class PermissionMixin:
    """Refuses users who fail ``permission_check``."""

    permission_check = staticmethod(can_export)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_check(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class ExportView(PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET shows the filters; POST downloads the file and logs the export."""

    template_name = "wagtail_tuidang/transfer/export.html"
    page_title = _("Export statements")
    header_icon = "download"
    breadcrumbs_items = []

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.make_form()))

    def post(self, request, *args, **kwargs):
        form = self.make_form(data=request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return self.download(form.cleaned_data)

    def make_form(self, **kwargs):
        allow = permissions.can_view_contact(self.request.user)
        return ExportForm(allow_contact=allow, **kwargs)

    def download(self, data):
        with_contact = bool(data.get("include_contact"))
        queryset = exporter.filtered(
            data["status"], data["index_page"], data["since"], data["until"]
        )
        log_export(
            self.request.user,
            data["index_page"],
            format=data["format"],
            status=data["status"],
            since=str(data["since"] or ""),
            until=str(data["until"] or ""),
            contact=with_contact,
        )
        name = f"statements-{timezone.localdate().isoformat()}.{data['format']}"
        if data["format"] == "xlsx":
            file = exporter.xlsx_file(queryset, with_contact)
            return FileResponse(
                file, as_attachment=True, filename=name, content_type=XLSX_TYPE
            )
        response = StreamingHttpResponse(
            exporter.csv_lines(queryset, with_contact),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
