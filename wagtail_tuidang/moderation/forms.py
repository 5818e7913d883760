"""Forms of the moderation admin."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..conf import get_setting
from ..statements.models import Statement
from ..statements.text import fold_name, validate_name, validate_text
from .decisions import rejection_reasons

INTERNAL_NOTE_MAX_LENGTH = 2000


class RejectForm(forms.Form):
    """The reason shown to the submitter, and a note for moderators only."""

    reason = forms.ChoiceField(
        label=_("Reason shown to the submitter"),
        widget=forms.RadioSelect,
        help_text=_("Shown on the receipt page, in the language they wrote in."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=INTERNAL_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_text],
        help_text=_("Seen by moderators only, never by the submitter."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = rejection_reasons()


class TakeDownForm(forms.Form):
    """Why a published statement is taken down: shown to its submitter on
    the receipt page; and a note for moderators only."""

    reason = forms.CharField(
        label=_("Reason shown to the submitter"),
        max_length=Statement._meta.get_field("public_reason").max_length,
        error_messages={"required": _("Say why it is taken down.")},
        validators=[validate_text],
        help_text=_(
            "Shown on the receipt page. Do not repeat what had to be removed "
            "(a phone number, an address)."
        ),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=INTERNAL_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_text],
        help_text=_("Seen by moderators only, never by the submitter."),
    )


class RedactForm(forms.Form):
    """Words to remove from a published statement, copied exactly."""

    #: The fields a redaction may remove words from.
    FIELDS = ("text", "alias", "name")

    field = forms.ChoiceField(label=_("Remove from"), initial="text")
    passage = forms.CharField(
        label=_("Words to remove"),
        max_length=1000,
        error_messages={"required": _("Copy the words to remove.")},
        help_text=_(
            "Copied exactly from the statement. Each place they appear is "
            "replaced by […]; the audit log records only which field changed."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            (name, capfirst(Statement._meta.get_field(name).verbose_name))
            for name in self.FIELDS
        ]


class StatementEditForm(WagtailAdminModelForm):
    """Correcting the wording of a pending statement.

    Only fields that change neither the figures (people, organisations), nor
    the submitter's choices about their real name, nor the moderation state:
    those go through the transitions and confirmations modules."""

    class Meta:
        model = Statement
        fields = ["name", "alias", "text", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(validate_name)
        self.fields["alias"].validators.append(validate_name)
        text = self.fields["text"]
        text.max_length = get_setting("MAX_STATEMENT_LENGTH")
        text.validators += [validate_text, MaxLengthValidator(text.max_length)]

    def clean(self):
        cleaned = super().clean()
        name, alias = cleaned.get("name"), cleaned.get("alias")
        # An alias equal to a real name would show the real name unconfirmed.
        if self.instance.is_real_name and name and alias:
            if fold_name(name) == fold_name(alias):
                self.add_error(
                    "alias", _("The alias must be different from the real name.")
                )
        return cleaned
