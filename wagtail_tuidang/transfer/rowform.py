"""The form each imported row goes through: the public form's fields and
validators, without the anti-spam fields (contact details are never imported)."""

from ..statements.choices import Source
from ..statements.forms import StatementForm


class ImportRowForm(StatementForm):
    """One row of an import, cleaned exactly as the public form cleans a
    statement. :meth:`build_statement` returns an unsaved statement from the
    source "import", for ``transitions.submit_many``."""

    website = None
    rendered = None

    def spam_flags(self):
        return {}

    def _apply_settings(self):
        super()._apply_settings()
        # An empty text stays empty (the page's suggested wording is for people
        # filling in the form, not for rows that had none).
        self.fields["text"].initial = ""

    def build_statement(self, **extra):
        statement = super().build_statement(**extra)
        statement.source = Source.IMPORT
        return statement
