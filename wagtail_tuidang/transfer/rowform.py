"""The form each imported row goes through: the public form's fields and
validators, without the anti-spam fields (contact details are never imported)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..statements.choices import Source
from ..statements.forms import StatementForm


def site_languages():
    """Lower-cased language code → the code as ``settings.LANGUAGES`` has it."""
    return {code.lower(): code for code, _name in settings.LANGUAGES}


class ImportRowForm(StatementForm):
    """One row of an import, cleaned exactly as the public form cleans a
    statement. :meth:`build_statement` returns an unsaved statement from the
    source "import", for ``transitions.submit_many``."""

    website = None
    rendered = None
    #: One of the site's languages (``settings.LANGUAGES``), or empty.
    language = forms.CharField(label=_("Language"), required=False, strip=True)

    def spam_flags(self):
        return {}

    def _apply_settings(self):
        super()._apply_settings()
        # An empty text stays empty (the page's suggested wording is for people
        # filling in the form, not for rows that had none).
        self.fields["text"].initial = ""

    def clean_language(self):
        value = self.cleaned_data["language"]
        if not value:
            return ""
        code = site_languages().get(value.lower().replace("_", "-"))
        if code is None:
            raise ValidationError(
                _("“%(value)s” is not one of the site's languages: %(codes)s."),
                code="unknown_language",
                params={
                    "value": "".join(c for c in value[:20] if c.isprintable()),
                    "codes": ", ".join(code for code, _name in settings.LANGUAGES),
                },
            )
        return code

    def build_statement(self, **extra):
        statement = super().build_statement(**extra)
        statement.source = Source.IMPORT
        return statement
