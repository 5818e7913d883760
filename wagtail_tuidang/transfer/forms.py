"""Forms of the transfer views: export filters and the import upload."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..statements.choices import Status
from ..statements.index_pages import statement_index_pages
from .reader import ImportFileError, check_size

FORMAT_CHOICES = [("csv", "CSV"), ("xlsx", "XLSX (Excel)")]


class ExportForm(forms.Form):
    """What to export. ``include_contact`` exists only for users allowed to
    read contact details (the view removes it for others)."""

    format = forms.ChoiceField(
        label=pgettext_lazy("file format", "Format"), choices=FORMAT_CHOICES
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Status.choices],
        required=False,
        initial=Status.PUBLISHED,
    )
    index_page = forms.ModelChoiceField(
        label=_("Statement index page"),
        queryset=None,
        required=False,
        empty_label=_("All"),
    )
    since = forms.DateField(
        label=_("Submitted from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("Submitted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    include_contact = forms.BooleanField(
        label=_("Include decrypted contact details"), required=False
    )

    def __init__(self, *args, allow_contact=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index_page"].queryset = statement_index_pages()
        if not allow_contact:
            del self.fields["include_contact"]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned


class ImportForm(forms.Form):
    """A CSV or XLSX file of statements for one index page."""

    index_page = forms.ModelChoiceField(
        label=_("Statement index page"), queryset=None, empty_label=None
    )
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("One statement per row. Required columns: name, organisations."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index_page"].queryset = statement_index_pages()

    def clean_file(self):
        """Refuse an oversized file before it is stored or read."""
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except ImportFileError as error:
            raise forms.ValidationError(str(error), code="too_large") from None
        return upload
