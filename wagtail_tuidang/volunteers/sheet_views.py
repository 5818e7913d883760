"""The volunteer's sheet: a paper list typed in as rows, sent at once.

Every filled, valid row is stored once, through the console's own path; rows
with mistakes stay on the page with their errors, for the volunteer to fix
and send again. Receipt codes of the stored rows are shown in that response
only, like the console's.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import QueryDict
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..statements.antispam import part_token
from ..statements.choices import Region
from .entry import submit_for_caller
from .sheets import PREFIX, ROW_FIELDS, SheetForm, sheet_formset_class
from .views import VolunteerMixin, default_page

ALREADY_STORED = _(
    "Some rows were already stored when this sheet was first sent, so they "
    "were not stored again: %(count)s. They are in your submissions."
)
NO_ROWS = _("Nothing was stored: fill in at least one row.")
#: What is kept for the next sheet: the volunteer usually goes on with the
#: same wall, source and date.
KEPT = ("index_page", "source", "declared_on")


@method_decorator(never_cache, name="dispatch")
class SheetView(VolunteerMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET shows a blank sheet; POST stores its valid rows and shows the
    others again."""

    template_name = "wagtail_tuidang/volunteers/sheet.html"
    page_title = _("Sheet of statements")
    header_icon = "table"
    breadcrumbs_items = []

    def get(self, request, *args, **kwargs):
        page = self.default_page()
        if page is None:
            return self.render_to_response(self.get_context_data())
        return self.render_sheet(SheetForm(page=page), self.blank_rows(page))

    def post(self, request, *args, **kwargs):
        page = self.default_page()
        if page is None:
            raise PermissionDenied
        sheet = SheetForm(page=page, data=request.POST)
        rows = sheet_formset_class()(
            data=request.POST, prefix=PREFIX, form_kwargs={"page": page}
        )
        if rows.non_form_errors():  # too many rows, or a mangled form
            return self.render_sheet(sheet, rows)
        filled = rows.filled_forms()
        if not sheet.is_valid() or not filled:
            if sheet.is_valid():
                sheet.add_error(None, NO_ROWS)
            return self.render_sheet(sheet, rows)
        valid = [(number, form) for number, form in filled if form.is_valid()]
        stored, repeated = self.store(sheet, valid)
        if repeated:
            messages.warning(request, ALREADY_STORED % {"count": repeated})
        kept = [form for _number, form in filled if not form.is_valid()]
        return self.render_sheet(*self.next_sheet(page, sheet, kept), stored=stored)

    def default_page(self):
        """The first statement index page (the sheet may choose another)."""
        return default_page()

    def store(self, sheet, valid):
        """Store the rows ``[(number, form)]`` in one transaction, so that a
        database failure stores none of them (and says so); return the
        stored ``[(form, code groups, statement)]`` and how many rows an
        earlier send of this sheet had stored already."""
        stored, repeated = [], 0
        with transaction.atomic():
            for number, form in valid:
                token = part_token(sheet.token, number)
                code, statement = submit_for_caller(
                    form.for_sheet(sheet), self.request.user, token=token
                )
                if code is None:
                    repeated += 1
                else:
                    stored.append(
                        (form.cleaned_data["name"], code.split("-"), statement)
                    )
        return stored, repeated

    def next_sheet(self, page, sheet, kept):
        """The sheet shown after a send: the rows with mistakes, with their
        errors and the sheet's attestation (the same people), under a new
        render token; or a blank sheet."""
        initial = {name: sheet.cleaned_data[name] for name in KEPT}
        if kept:
            initial["consent"] = True
        formset_class = sheet_formset_class()
        if not kept:
            return SheetForm(page=page, initial=initial), self.blank_rows(page)
        data = QueryDict(mutable=True)
        for index, form in enumerate(kept):
            for name in ROW_FIELDS:
                values = form.data.getlist(form.add_prefix(name))
                data.setlist(f"{PREFIX}-{index}-{name}", values)
        total = max(len(kept), formset_class.extra)
        for index in range(len(kept), total):
            # Blank rows as a browser sends them: untouched, so skipped.
            data[f"{PREFIX}-{index}-people_count"] = "1"
        data[f"{PREFIX}-TOTAL_FORMS"] = str(total)
        data[f"{PREFIX}-INITIAL_FORMS"] = "0"
        rows = formset_class(data=data, prefix=PREFIX, form_kwargs={"page": page})
        return SheetForm(page=page, initial=initial), rows

    def blank_rows(self, page):
        return sheet_formset_class()(prefix=PREFIX, form_kwargs={"page": page})

    def render_sheet(self, sheet, rows, stored=()):
        # The cursor starts where the volunteer's work starts: the sheet's
        # attestation, or the first row once it is given.
        if sheet["consent"].value() and rows.forms:
            rows.forms[0].fields["name"].widget.attrs["autofocus"] = True
        else:
            sheet.fields["consent"].widget.attrs["autofocus"] = True
        return self.render_to_response(
            self.get_context_data(
                sheet=sheet, rows=rows, stored=stored, regions=Region.choices[1:]
            )
        )
