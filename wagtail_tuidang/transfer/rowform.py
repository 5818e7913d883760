"""The form each imported row goes through: the public form's fields and
validators, without the anti-spam fields (contact details are never imported)."""

from ..statements.choices import Source, Status
from ..statements.forms import StatementForm
from ..statements.text import fingerprint


class ImportRowForm(StatementForm):
    """One row of an import, cleaned exactly as the public form cleans a
    statement. :meth:`build_statement` returns a pending statement from the
    source "import", with no receipt and its duplicate fingerprint."""

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
        statement.status = Status.PENDING
        statement.receipt_hash = None
        statement.fingerprint = fingerprint(statement.name, statement.region)
        return statement
