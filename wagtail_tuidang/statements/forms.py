"""The public statement form.

Deliberately not a ModelForm: :meth:`StatementForm.build_statement` copies an
allow-list of cleaned fields onto a new Statement, so no POST body can set a
status, a publication date, a moderator's confirmation or a flag.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..conf import get_setting
from ..crypto import can_encrypt
from . import antispam, receipts, registration, transitions
from .antispam import AntiSpamForm
from .choices import Organisation, Region, Source
from .models import Statement
from .text import fold_name, validate_name, validate_text
from .wording import in_reader_script

#: Earlier dates are typing mistakes: the Party was founded in 1921.
EARLIEST_DATE = datetime.date(1921, 1, 1)
NAME_MAX_LENGTH = 60
CONTACT_MAX_LENGTH = 200
#: Cleaned fields copied onto the Statement as they are.
COPIED_FIELDS = ("name", "people_count", "region", "text", "declared_on")


class ContactInput(forms.TextInput):
    """Never renders a value: contact details typed once are not echoed into
    any page, not even the form shown again after a mistake."""

    def format_value(self, value):
        return None


class StatementTextField(forms.CharField):
    """Statement text with line breaks as typed: browsers send a textarea's
    line breaks as CRLF, so a length limit would otherwise count them twice."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class StatementForm(AntiSpamForm):
    """A person's statement, as typed on the public form.

    Use ``StatementForm(page=index_page, data=request.POST)``; when valid,
    :meth:`build_statement` returns an unsaved Statement for
    ``transitions.submit(statement, contact=form.cleaned_data["contact"])``.
    Surrounding whitespace is trimmed; everything else is kept exactly.
    """

    name = forms.CharField(
        label=pgettext_lazy("statement", "Name"),
        max_length=NAME_MAX_LENGTH,
        validators=[validate_name],
        help_text=_(
            "An alias is the safest choice. Enter your real name only if you "
            "want it known."
        ),
    )
    is_real_name = forms.BooleanField(label=_("This is my real name"), required=False)
    consent_real_name = forms.BooleanField(
        label=_(
            "I agree that my real name may be published once moderators have "
            "confirmed it"
        ),
        required=False,
    )
    alias = forms.CharField(
        label=_("Alias to show instead of my real name"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        validators=[validate_name],
        help_text=_(
            "Used only with a real name, and shown until the real name may be "
            "published. If you leave it empty, “Anonymous” is shown."
        ),
    )
    organisations = forms.MultipleChoiceField(
        label=_("I quit"),
        choices=Organisation.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one organisation that you quit."),
            "invalid_choice": _("Choose organisations from the list."),
        },
    )
    people_count = forms.IntegerField(
        label=_("Number of people"),
        initial=1,
        min_value=1,
        help_text=_("For example, family members who quit together with you."),
        error_messages={
            "min_value": _("A statement is for at least one person."),
            "max_value": _(
                "A statement can cover at most %(limit_value)s people. Please "
                "send another statement for the others."
            ),
        },
    )
    region = forms.ChoiceField(
        label=_("Region"),
        choices=Region.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose a region from the list.")},
    )
    text = StatementTextField(
        label=_("Statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_text],
        help_text=_("Keep the wording offered here, change it, or write your own."),
    )
    declared_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day you declare that you quit. Leave it as it is for today."),
    )
    contact = forms.CharField(
        label=_("Contact details for moderators"),
        max_length=CONTACT_MAX_LENGTH,
        required=False,
        widget=ContactInput(attrs={"autocomplete": "off"}),
        validators=[validate_text],
    )

    #: The groups of fields shown on the form: ``(legend, field names)``.
    FIELDSETS = (
        (_("Who is quitting"), ("name", "is_real_name", "consent_real_name", "alias")),
        (_("What you quit"), ("organisations", "people_count", "region")),
        (_("Your statement"), ("text", "declared_on")),
        (_("Contact (optional)"), ("contact",)),
    )

    def __init__(self, *args, page, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.page = page
        self._apply_settings()

    def _apply_settings(self):
        """Limits and defaults that depend on settings or the page, read now."""
        people = self.fields["people_count"]
        people.max_value = get_setting("MAX_PEOPLE_PER_STATEMENT")
        people.validators.append(MaxValueValidator(people.max_value))
        people.widget.attrs["max"] = people.max_value
        text = self.fields["text"]
        text.max_length = get_setting("MAX_STATEMENT_LENGTH")
        text.validators.append(MaxLengthValidator(text.max_length))
        text.widget.attrs["maxlength"] = text.max_length
        text.initial = in_reader_script(self.page.default_statement_text)
        self.fields["declared_on"].initial = timezone.localdate
        if not can_encrypt():
            # No key to encrypt with: a contact typed here could not be kept.
            del self.fields["contact"]
            return
        self.fields["contact"].help_text = _(
            "Only if moderators may contact you about this statement. It is "
            "stored encrypted, never published, and erased %(days)s days after "
            "a moderator's decision. Leave it empty if having it stored could "
            "put you at risk."
        ) % {"days": get_setting("CONTACT_RETENTION_DAYS")}

    def clean_declared_on(self):
        day = self.cleaned_data.get("declared_on") or timezone.localdate()
        # East of the server's time zone it may already be tomorrow.
        if day > timezone.localdate() + datetime.timedelta(days=1):
            raise ValidationError(_("The date cannot be in the future."), code="future")
        if day < EARLIEST_DATE:
            raise ValidationError(
                _("Please enter a date from 1921 onwards."), code="too_old"
            )
        return day

    def clean(self):
        cleaned = super().clean()
        name, alias = cleaned.get("name"), cleaned.get("alias")
        # An "alias" equal to the real name would publish the real name.
        if cleaned.get("is_real_name") and name and alias:
            if fold_name(name) == fold_name(alias):
                self.add_error(
                    "alias",
                    ValidationError(
                        _("The alias must be different from your real name."),
                        code="alias_is_name",
                    ),
                )
        return cleaned

    def fieldsets(self):
        """``[(legend, [bound fields])]`` in the order the form shows them.

        Visible fields a subclass adds without listing them in ``FIELDSETS``
        come last, under "More", so they are never silently left out."""
        groups = [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]
        groups = [(legend, fields) for legend, fields in groups if fields]
        listed = {name for _legend, names in self.FIELDSETS for name in names}
        listed.add(antispam.HONEYPOT_FIELD)
        extra = [field for field in self.visible_fields() if field.name not in listed]
        if extra:
            groups.append((_("More"), extra))
        return groups

    def build_statement(self, **extra):
        """An unsaved Statement from the allow-listed cleaned fields, the
        anti-spam flags and ``extra`` (set by the view: language, rate limit).
        Override this to copy fields a subclass adds."""
        data = self.cleaned_data
        real = data["is_real_name"]
        statement = Statement(
            index_page=self.page,
            source=Source.WEB,
            is_real_name=real,
            consent_real_name=real and data["consent_real_name"],
            # Without a real name, the name is the alias already.
            alias=data["alias"] if real else "",
            **{field: data[field] for field in COPIED_FIELDS},
            **self.spam_flags(),
            **extra,
        )
        for org in Organisation:
            setattr(statement, org.field_name, org.value in data["organisations"])
        transitions.on_wall(statement)
        return statement


class ReceiptForm(forms.Form):
    """A receipt code typed by its holder, and the withdrawal confirmation.

    The code is accepted in any case, with or without dashes or spaces; its
    cleaned value is the canonical, grouped form, or the field has an error.
    """

    #: Longer input cannot be a code; not worth normalising.
    MAX_INPUT = 100
    NOT_FOUND = _(
        "No statement has this receipt code. Check that you typed it exactly "
        "as it was shown."
    )

    code = forms.CharField(
        label=_("Receipt code"),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
        help_text=_("The code shown when you sent your statement."),
    )
    confirm = forms.BooleanField(
        label=_("Yes, withdraw this statement"), required=False
    )
    action = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        canonical = receipts.normalise(code) if len(code) <= self.MAX_INPUT else None
        if canonical is None:
            raise ValidationError(self.NOT_FOUND, code="not_found")
        return receipts.format_code(canonical)

    @property
    def wants_withdrawal(self):
        return self.cleaned_data.get("action") == "withdraw"

    @property
    def wants_certificate(self):
        return self.cleaned_data.get("action") == "certificate"

    def find(self, page):
        """The statement of ``page`` with this code, or None (and an error on
        the code): another page's code is as unknown as a made-up one."""
        digest = receipts.hash_code(self.cleaned_data["code"])
        statement = Statement.objects.for_page(page).filter(receipt_hash=digest).first()
        if statement is None:
            self.add_error("code", ValidationError(self.NOT_FOUND, code="not_found"))
        return statement


class VerificationForm(forms.Form):
    """A registration number typed by anyone who wants to check it.

    Spaces, dashes and dots are ignored; the cleaned value is the 16 digits.
    A number whose check digit does not match is a typing error, told apart
    from a number that no published statement has."""

    #: Longer input cannot be a number; not worth normalising.
    MAX_INPUT = 64
    NOT_A_NUMBER = _("A registration number has 16 digits, in four groups of four.")
    TYPO = _(
        "This number contains a typing error: a digit is wrong, or two digits "
        "are swapped. Check it against the certificate and type it again."
    )
    NOT_FOUND = _("No published statement has this registration number.")

    number = forms.CharField(
        label=_("Registration number"),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
        help_text=_(
            "The 16 digits printed on the certificate, e.g. 1234 5678 9012 3450."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_number(self):
        text = self.cleaned_data["number"]
        digits = registration.normalise(text) if len(text) <= self.MAX_INPUT else None
        if digits is None:
            raise ValidationError(self.NOT_A_NUMBER, code="invalid")
        if not registration.is_valid(digits):
            raise ValidationError(self.TYPO, code="typo")
        return digits

    def find(self, statements):
        """The statement of ``statements`` with this number, or None (and an
        error on the number)."""
        try:
            return statements.get(registration_number=self.cleaned_data["number"])
        except statements.model.DoesNotExist:
            self.add_error("number", ValidationError(self.NOT_FOUND, code="not_found"))
            return None
