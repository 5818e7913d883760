"""The volunteer's form: the public form's fields and validation, plus the
statement index page, the source and the caller's consent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..statements.choices import Source
from ..statements.forms import StatementForm
from ..statements.index_pages import statement_index_pages

SOURCE_CHOICES = [
    (Source.PHONE, _("Phone")),
    (Source.EMAIL, _("Email")),
    (Source.VOLUNTEER, _("In the street or in person")),
]


#: The public form speaks to the person quitting ("my real name"); the
#: console speaks to the volunteer about the caller: field → (label, help).
#: None keeps the public form's text.
VOLUNTEER_WORDING = {
    "name": (
        None,
        _("The name or alias the person gave. Suggest an alias if they have none."),
    ),
    "is_real_name": (_("This is the caller’s real name"), None),
    "consent_real_name": (
        _(
            "The caller agrees that their real name may be published once "
            "moderators have confirmed it"
        ),
        None,
    ),
    "alias": (
        _("Alias to show instead of the caller’s real name"),
        _(
            "Used only with a real name, and shown until the real name may be "
            "published. If it is empty, “Anonymous” is shown."
        ),
    ),
    "organisations": (_("The caller quits"), None),
    "people_count": (
        None,
        _("For example, family members who quit together with the caller."),
    ),
    "text": (
        _("The caller’s statement"),
        _("Keep the standard wording or write down the caller’s own words."),
    ),
    "declared_on": (
        None,
        _("The day the caller declares that they quit. Leave it for today."),
    ),
}


def speak_to_the_volunteer(form):
    """Relabel ``form``'s fields from the caller's first person to words for
    the volunteer about the caller."""
    for name, (label, help_text) in VOLUNTEER_WORDING.items():
        field = form.fields.get(name)
        if field is None:
            continue
        if label is not None:
            field.label = label
        if help_text is not None:
            field.help_text = help_text
    if "organisations" in form.fields:
        form.fields["organisations"].error_messages["required"] = _(
            "Tick at least one organisation the person quits."
        )


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
        speak_to_the_volunteer(self)
        if "contact" in self.fields:
            self.fields["contact"].help_text = _(
                "Only if the caller wants moderators to be able to reach them "
                "about this statement. It is stored encrypted, never published, "
                "and erased %(days)s days after a moderator's decision. Leave it "
                "empty if having it stored could put them at risk."
            ) % {"days": get_setting("CONTACT_RETENTION_DAYS")}

    def spam_flags(self):
        return {}

    def build_statement(self, **extra):
        """The unsaved statement, on the chosen page, with the chosen source."""
        statement = super().build_statement(**extra)
        statement.index_page = self.cleaned_data["index_page"]
        statement.source = self.cleaned_data["source"]
        return statement
