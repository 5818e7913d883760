"""Admin views of exports and imports."""

from django.db import transaction
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..conf import get_setting
from ..moderation.policy import statement_policy
from . import exporter, importer, jobs, rejections, tasks
from .audit import log_export
from .forms import ExportForm, ImportForm
from .reader import ImportFileError

#: Valid rows shown as a sample on the preview.
PREVIEW_SAMPLE = 10
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TransferPermissionMixin(PermissionCheckedMixin):
    """Checks ``permission_required`` against the statement policy."""

    permission_policy = statement_policy


@method_decorator(never_cache, name="dispatch")
class ExportView(TransferPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET shows the filters; POST downloads the file and logs the export."""

    permission_required = "export"
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
        allow = self.user_has_permission("view_contact")
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


@method_decorator(never_cache, name="dispatch")
class ImportView(TransferPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload → preview (the first rows checked, errors per row) → confirm,
    which starts the import in the background and shows its progress."""

    permission_required = "import"
    template_name = "wagtail_tuidang/transfer/import.html"
    page_title = _("Import statements")
    header_icon = "upload"
    breadcrumbs_items = []

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_size"] = get_setting("IMPORT_MAX_UPLOAD_BYTES")
        context["max_rows"] = get_setting("IMPORT_MAX_ROWS")
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action in ("confirm", "cancel"):
            return self.decide(action)
        form = ImportForm(data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return self.preview(form)

    def preview(self, form):
        page = form.cleaned_data["index_page"].specific
        name = jobs.save_upload(form.cleaned_data["file"])
        try:
            with jobs.open_upload(name) as file:
                outcome, valid, budget = importer.preview(file, page)
        except ImportFileError as error:
            jobs.discard(name)
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        except BaseException:
            jobs.discard(name)  # whatever failed, the upload must not stay
            raise
        context = {
            "outcome": outcome,
            "sample": valid[:PREVIEW_SAMPLE],
            "page": page,
            "budget": budget,
            "token": jobs.make_token(name, page.pk, self.request.user.pk),
        }
        return self.render_to_response(self.get_context_data(**context))

    def decide(self, action):
        data = jobs.read_token(self.request.POST.get("token"), self.request.user.pk)
        if data is None:
            messages.error(self.request, _("This preview has expired. Upload again."))
            return redirect("wagtail_tuidang_transfer:import")
        if action == "cancel":
            jobs.discard(data["name"])
            return redirect("wagtail_tuidang_transfer:import")
        job_id = jobs.new_job_id()
        jobs.start_job(job_id, self.request.user.pk, data["name"], data["page"])
        # Should enqueueing fail, the progress page says after a minute that
        # no worker took the import up: never a 500 after the job was saved.
        transaction.on_commit(lambda: tasks.continue_import(job_id), robust=True)
        return redirect("wagtail_tuidang_transfer:progress", job_id=job_id)


@method_decorator(never_cache, name="dispatch")
class ProgressView(TransferPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Where an import stands; refreshes itself (no script) until it ends.

    When tasks run inside requests (django-tasks' immediate backend), each
    visit also runs the import's next step: see :mod:`.tasks`."""

    permission_required = "import"
    template_name = "wagtail_tuidang/transfer/progress.html"
    page_title = _("Import progress")
    header_icon = "upload"
    breadcrumbs_items = []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job_id, user_id = kwargs["job_id"], self.request.user.pk
        progress = jobs.get_progress(job_id, user_id)
        if progress is None:
            raise Http404
        in_request = tasks.runs_in_request()
        if in_request and progress["state"] not in jobs.FINISHED:
            tasks.continue_import(job_id)
            progress = jobs.get_progress(job_id, user_id) or progress
        context["progress"] = progress
        context["job_id"] = job_id
        context["finished"] = progress["state"] in jobs.FINISHED
        context["no_worker"] = not in_request and jobs.waits_for_a_worker(progress)
        context["in_request"] = in_request
        return context


@method_decorator(never_cache, name="dispatch")
class RejectedRowsView(TransferPermissionMixin, View):
    """Every rejected row of one of the user's imports, as a CSV file."""

    permission_required = "import"

    def get(self, request, job_id):
        progress = jobs.get_progress(job_id, request.user.pk)
        if progress is None:
            raise Http404
        parts = progress.get("rejected_parts", 0)
        if parts and not rejections.available(job_id):
            messages.error(
                request,
                _(
                    "The rejected rows are kept for a day after an import, and "
                    "this import's were deleted. Import the file again to see them."
                ),
            )
            return redirect("wagtail_tuidang_transfer:progress", job_id=job_id)
        response = StreamingHttpResponse(
            rejections.download_lines(job_id, parts),
            content_type="text/csv; charset=utf-8",
        )
        name = f"rejected-rows-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
