"""The volunteer's form: the public form's fields and validation, plus the
statement index page, the source and the caller's consent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..statements.choices import Source
from ..statements.forms import StatementForm
from ..statements.index_pages import statement_index_pages

SOURCE_CHOICES = [
    (Source.PHONE, _("Phone")),
    (Source.EMAIL, _("Email")),
    (Source.VOLUNTEER, _("In the street or in person")),
]


class VolunteerStatementForm(StatementForm):
    """A statement taken down for a caller.

    Subclasses the public :class:`StatementForm`, so names, texts, counts,
    regions and dates are validated exactly alike; drops the honeypot (a
    signed-in volunteer is not a bot) but keeps the render token, so that an
    entry sent twice is stored once; and requires the caller's consent.
    """

    website = None

    index_page = forms.ModelChoiceField(
        label=_("Statement index page"), queryset=None, empty_label=None
    )
    source = forms.ChoiceField(
        label=_("How the person reached you"), choices=SOURCE_CHOICES
    )
    consent = forms.BooleanField(
        label=_("The person agreed that I send this statement for them"),
        error_messages={
            "required": _(
                "Send a statement only when the person agreed to it. Tick the "
                "box to confirm they did."
            )
        },
    )

    FIELDSETS = (
        (_("Caller"), ("name", "is_real_name", "consent_real_name", "alias")),
        (_("What they quit"), ("organisations", "people_count", "region")),
        (_("Statement"), ("text", "declared_on")),
        (_("How it was taken"), ("source", "index_page", "contact", "consent")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pages = statement_index_pages()
        self.fields["index_page"].queryset = pages
        self.fields["index_page"].initial = self.page.pk
        self.fields["name"].widget.attrs.update(autofocus=True, autocomplete="off")
        self.fields["name"].help_text = _(
            "The name or alias the person gave. Suggest an alias if they have none."
        )

    def spam_flags(self):
        return {}

    def build_statement(self, **extra):
        """The unsaved statement, on the chosen page, with the chosen source."""
        statement = super().build_statement(**extra)
        statement.index_page = self.cleaned_data["index_page"]
        statement.source = self.cleaned_data["source"]
        return statement
