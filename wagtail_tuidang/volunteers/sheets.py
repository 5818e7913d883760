"""The volunteer's sheet: many statements from a paper list in one form.

A sheet is a :class:`SheetForm` (what holds for every row: the wall, how the
statements were collected, their date and the volunteer's attestation) over a
formset of :class:`SheetRowForm` rows. Each row is validated by the public
form's rules and stored through the same path as one statement entered in the
console (:func:`.entry.submit_for_caller`).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..statements.antispam import RENDER_FIELD, RenderTimeInput
from ..statements.choices import Region
from ..statements.forms import StatementForm, StatementTextField
from ..statements.index_pages import statement_index_pages
from ..statements.text import validate_text
from .forms import SOURCE_CHOICES, speak_to_the_volunteer

#: Most rows one sheet may send: a bound on the work of one request.
MAX_ROWS = 200
#: Languages the plugin ships: region names in them are understood on any
#: site (a paper list may be in Chinese on an English-speaking admin).
SHIPPED_LANGUAGES = {"en", "zh-hans", "zh-hant"}
#: The formset's prefix in field names (``row-0-name``…).
PREFIX = "row"
#: The row's fields in the order the keyboard reaches them: what every row
#: needs first, what few rows need last.
ROW_FIELDS = (
    "name",
    "organisations",
    "people_count",
    "region",
    "text",
    "is_real_name",
    "consent_real_name",
)


def region_names():
    """``{folded name or code: region code}`` for every region, by its code
    and its name in each of the site's languages and the plugin's own."""
    names = {}
    languages = {code for code, _name in settings.LANGUAGES} | SHIPPED_LANGUAGES
    for language in sorted(languages):
        with translation.override(language):
            names.update(
                {str(label).casefold(): code for code, label in Region.choices}
            )
    names.update({code: code for code in Region.values})
    names.pop("", None)
    return names


class RegionField(forms.CharField):
    """A region typed by name (in any of the site's languages) or code, with
    the region list offered as suggestions (an HTML ``datalist``, no script);
    cleaned to the region's code, or "" when left empty."""

    default_error_messages = {
        "invalid_choice": _("Choose a region from the list."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": "td-regions"}))
        super().__init__(max_length=100, required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return ""
        code = region_names().get(value.casefold())
        if code is None:
            raise ValidationError(self.error_messages["invalid_choice"], "invalid")
        return code

    def prepare_value(self, value):
        # A stored code shows as its name; typed text as it was typed.
        if value in Region.values and value:
            return Region(value).label
        return value


class SheetRowForm(StatementForm):
    """One person or family on the sheet: name, organisations, count, region,
    an optional text and, for a real name, the caller's own consent.

    An untouched row is left out; a filled row is validated like the public
    form. The sheet's values are given with :meth:`for_sheet` before
    :meth:`build_statement`.
    """

    website = None
    rendered = None
    region = RegionField(label=_("Region"))
    text = StatementTextField(
        label=_("Statement (optional)"),
        required=False,
        widget=forms.TextInput,
        validators=[validate_text],
    )
    REAL_NAME_NEEDS_CONSENT = _(
        "A real name needs this person’s own consent. Tick “agreed” for this "
        "row, or enter an alias instead."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in set(self.fields) - set(ROW_FIELDS):
            del self.fields[name]
        self.order_fields(ROW_FIELDS)
        speak_to_the_volunteer(self)
        self.fields["name"].help_text = ""
        self.fields["text"].initial = ""
        self.fields["name"].label = _("Name or alias")
        self.fields["text"].label = _("Statement (optional)")
        self.fields["organisations"].label = _("Quits")
        self.fields["people_count"].label = _("People")
        self.fields["is_real_name"].label = _("Real name")
        self.fields["consent_real_name"].label = _("Agreed to publish it")
        for field in self.fields.values():
            field.help_text = ""
        self.sheet = None

    def has_changed(self):
        """A row counts once something was typed or ticked in it."""
        return bool(self.changed_data)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_real_name") and not cleaned.get("consent_real_name"):
            self.add_error(
                "consent_real_name",
                ValidationError(self.REAL_NAME_NEEDS_CONSENT, code="real_name_consent"),
            )
        return cleaned

    def spam_flags(self):
        # As in the console: a signed-in volunteer is not a bot.
        return {}

    def for_sheet(self, sheet):
        """Take the wall, source and date of the valid :class:`SheetForm`."""
        self.sheet = sheet.cleaned_data
        return self

    def build_statement(self, **extra):
        """The unsaved statement of this row, on the sheet's wall, with the
        sheet's source and date and no alias."""
        data = {
            **self.cleaned_data,
            "alias": "",
            "declared_on": self.sheet["declared_on"],
        }
        self.cleaned_data = data
        statement = super().build_statement(**extra)
        statement.index_page = self.sheet["index_page"]
        statement.source = self.sheet["source"]
        return statement


class BaseSheetFormSet(forms.BaseFormSet):
    """The rows of a sheet."""

    def filled_forms(self):
        """``[(row number, form)]`` of the rows that were filled in."""
        return [
            (number, form)
            for number, form in enumerate(self.forms, 1)
            if form.has_changed()
        ]


def sheet_formset_class():
    """The formset class, with the number of blank rows read from settings."""
    return formset_factory(
        SheetRowForm,
        formset=BaseSheetFormSet,
        extra=get_setting("VOLUNTEER_SHEET_ROWS"),
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


class SheetForm(forms.Form):
    """What holds for every row of a sheet, and the volunteer's attestation
    that each person on it agreed."""

    index_page = forms.ModelChoiceField(
        label=_("Statement index page"), queryset=None, empty_label=None
    )
    source = forms.ChoiceField(
        label=_("How the people reached you"), choices=SOURCE_CHOICES
    )
    declared_on = forms.DateField(
        label=_("Date on the list"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    consent = forms.BooleanField(
        label=_(
            "Each person on this sheet agreed that I send their statement for them"
        ),
        error_messages={
            "required": _(
                "Nothing was stored: send a sheet only when each person on it "
                "agreed. Tick the box to confirm they did."
            )
        },
    )
    rendered = forms.Field(required=False, widget=RenderTimeInput)

    clean_declared_on = StatementForm.clean_declared_on

    def __init__(self, *args, page, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["index_page"].queryset = statement_index_pages()
        self.fields["index_page"].initial = page.pk
        self.fields["declared_on"].initial = timezone.localdate

    @property
    def token(self):
        """The render token the rows' tokens derive from."""
        return self.cleaned_data.get(RENDER_FIELD)
