"""Statements in from a file: validated row by row with the public form's own
fields, written in batches through ``transitions.submit_many`` as pending
statements from the source "import", submitted by the importing person.

Nothing is published: imported statements wait in the moderation queue like
any other, and tallies do not move until a moderator publishes them.

Re-importing a file creates nothing new. There is no import-key field, so a
row is "already there" when the index page has a statement with the same
natural key: duplicate fingerprint (folded name + region), date declared,
number of people and organisations quit. A real second statement identical in
all of these is skipped too; change its date or count to import it.
"""

import itertools
from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..statements import transitions
from ..statements.choices import Organisation
from ..statements.index_pages import statement_index_pages
from .columns import IMPORT_COLUMNS, REQUIRED_COLUMNS, parse_organisations
from .reader import Budget, check_row_count, open_rows
from .rowform import ImportRowForm

BATCH_SIZE = 500
#: Row errors kept for display; the rest are only counted.
MAX_ERRORS = 200
#: With the duplicate fingerprint, what makes a row "already there".
SAME_FIELDS = (
    "declared_on",
    "people_count",
    *(org.field_name for org in Organisation),
)


@dataclass
class Outcome:
    """Tallies of one import (or dry run) and the first row errors."""

    processed: int = 0
    created: int = 0
    existing: int = 0
    invalid: int = 0
    errors: list = field(default_factory=list)
    #: False while rows remain for a later step (see :func:`import_file`).
    complete: bool = True

    def add_error(self, line, messages):
        self.invalid += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append((line, messages))

    def as_dict(self):
        return {
            "processed": self.processed,
            "created": self.created,
            "existing": self.existing,
            "invalid": self.invalid,
            "errors": [[line, list(messages)] for line, messages in self.errors],
        }


def get_index_page(page_id):
    """The statement index page with this id (any translation of a wall), or
    Http404."""
    page = statement_index_pages(translations=True).filter(pk=page_id).first()
    if page is None:
        raise Http404(_("No statement index page has this id."))
    return page.specific


def row_data(row):
    """Form data for one row: organisation codes split, empty counts one."""
    data = {name: row.get(name, "").strip() for name in IMPORT_COLUMNS}
    data["organisations"] = parse_organisations(data["organisations"])
    data["people_count"] = data["people_count"] or "1"
    for flag in ("is_real_name", "consent_real_name"):
        data[flag] = "on" if data[flag].lower() in TRUE_VALUES else ""
    return data


TRUE_VALUES = {"1", "true", "yes", "y", "x", "是", "✓"}


class RowValidator:
    """Cleans rows with one :class:`ImportRowForm`, rebound for each row:
    building a form deep-copies every field, which would cost more than the
    cleaning itself on a 100,000-row file."""

    def __init__(self, page):
        self.form = ImportRowForm(page=page, data={})

    def __call__(self, line, row, outcome):
        """An unsaved Statement for a valid row, or None (and an error noted)."""
        form = self.form
        form.data, form._errors, form._bound_fields_cache = row_data(row), None, {}
        if form.is_valid():
            return form.build_statement(language=form.cleaned_data["language"])
        messages = [
            f"{form[name].label} ({name}): {error}" if name != "__all__" else str(error)
            for name, errors in form.errors.items()
            for error in errors
        ]
        outcome.add_error(line, messages)
        return None


def import_file(
    file, page, dry_run=False, progress=None, user=None, outcome=None, stop=None
):
    """Import every valid row of ``file`` into ``page`` as submitted by
    ``user``; returns an Outcome. ``progress(outcome)`` is called after each
    batch. A real import is logged (counts only) and moderators hear of the
    new pending statements.

    To import in steps, pass the previous step's ``outcome`` (its rows are
    skipped) and ``stop``, the row count at which this step ends;
    ``outcome.complete`` tells whether the file is done."""
    outcome = outcome or Outcome()
    if not outcome.processed:
        check_row_count(file)
    _header, rows = open_rows(file, required=REQUIRED_COLUMNS)
    batch, validate = [], RowValidator(page)
    for line, row in itertools.islice(rows, outcome.processed, stop):
        outcome.processed += 1
        statement = validate(line, row, outcome)
        if statement is not None:
            batch.append(statement)
        if len(batch) >= BATCH_SIZE:
            write_batch(page, batch, outcome, dry_run, user)
            batch = []
            if progress:
                progress(outcome)
    write_batch(page, batch, outcome, dry_run, user)
    outcome.complete = stop is None or outcome.processed < stop
    if outcome.complete and not dry_run:
        _after_import(page, outcome, user)
    return outcome


def _after_import(page, outcome, user):
    # bulk_create sends no signals: refresh what a submission would have.
    from ..moderation.counts import forget_pending_count
    from ..moderation.notifications import digest_due
    from .audit import log_import

    log_import(user, page, outcome)
    if outcome.created:
        transaction.on_commit(forget_pending_count, robust=True)
        transaction.on_commit(digest_due, robust=True)


def write_batch(page, statements, outcome, dry_run=False, user=None):
    """Create the statements of one batch that are not there yet, as
    submitted by ``user``."""
    if not statements:
        return
    new = transitions.submit_many(
        page, statements, user=user, same_fields=SAME_FIELDS, dry_run=dry_run
    )
    outcome.created += len(new)
    outcome.existing += len(statements) - len(new)


def preview(file, page, limit=None, seconds=None):
    """Check the first rows without writing: ``(outcome, valid statements,
    budget)``. Reading stops after ``limit`` rows (blank ones included) or
    ``seconds`` (defaults: the preview settings); ``budget.stopped`` says
    whether it did. A file over the row limit raises ImportFileError. The
    admin shows this before the person confirms."""
    if limit is None:
        limit = get_setting("IMPORT_PREVIEW_ROWS")
    if seconds is None:
        seconds = get_setting("IMPORT_PREVIEW_SECONDS")
    check_row_count(file)
    outcome, valid, validate = Outcome(), [], RowValidator(page)
    budget = Budget(limit, seconds)
    _header, rows = open_rows(file, required=REQUIRED_COLUMNS, budget=budget)
    for line, row in rows:
        outcome.processed += 1
        statement = validate(line, row, outcome)
        if statement is not None:
            valid.append(statement)
    return outcome, valid, budget
