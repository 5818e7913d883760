"""Statements in from a file: validated row by row with the public form's own
fields, written in batches through ``transitions.submit_many`` as pending
statements from the source "import", submitted by the importing person.

Nothing is published: imported statements wait in the moderation queue like
any other, and tallies do not move until a moderator publishes them.

Re-importing a file creates nothing new, and no real statement is ever
left out. Each row's ``import_key`` is a digest of the wall, of all its
cells as written (the name, the text, and the row's own ``public_id`` or
``id`` where the file has one) and of how many identical rows came before
it in the file: a row is "already there" only when the wall has a statement
with that key, that is when this very row was imported before, or when the
row is an export's and its ``public_id`` is a statement of the wall. Two people
who share an alias, a region and a date but wrote different texts are two
statements. Rows identical in every cell are all kept, and flagged as
possible duplicates for moderators to decide.

Rejected rows are counted, the first :data:`MAX_ERRORS` kept for display,
and every one handed to the ``rejected`` callback of :func:`import_file`
(the admin keeps them in a CSV file to download: :mod:`.rejections`).
"""

import contextlib
import hashlib
import itertools
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..statements import inserts, transitions, walls
from ..statements.choices import Organisation
from ..statements.index_pages import statement_index_pages
from .ahead import read_ahead
from .columns import IMPORT_COLUMNS, REQUIRED_COLUMNS, parse_organisations
from .fastrows import FastCleaner
from .reader import Budget, check_row_count, open_rows
from .rowform import ImportRowForm

#: Rows written at a time: each batch is one transaction of a few queries.
BATCH_SIZE = 10000
#: Row errors kept for display; the rest are only counted.
MAX_ERRORS = 200
#: Columns a file may name its rows by (an export's ``public_id``).
IDENTITY_COLUMNS = ("public_id", "id")
#: The cells that make a row's import key.
KEY_COLUMNS = (*IMPORT_COLUMNS, *IDENTITY_COLUMNS)


@dataclass
class Outcome:
    """Tallies of one import (or dry run) and the first row errors."""

    processed: int = 0
    created: int = 0
    existing: int = 0
    invalid: int = 0
    #: Rows identical to an earlier row of the file: kept, and flagged.
    identical: int = 0
    errors: list = field(default_factory=list)
    #: Rejected rows not yet handed on: ``(line, messages, row)``.
    rejected: list = field(default_factory=list, repr=False)
    #: False while rows remain for a later step (see :func:`import_file`).
    complete: bool = True

    def add_error(self, line, messages, row=None):
        self.invalid += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append((line, messages))
        self.rejected.append((line, messages, row or {}))

    def add(self, part):
        """Add the outcome of reading a batch's rows."""
        self.processed += part.processed
        self.invalid += part.invalid
        self.errors += part.errors[: MAX_ERRORS - len(self.errors)]
        self.rejected += part.rejected

    def hand_on(self, rejected):
        """Give the rejected rows gathered so far to ``rejected(rows)``."""
        if self.rejected and rejected is not None:
            rejected(self.rejected)
        self.rejected = []

    def as_dict(self):
        return {
            "processed": self.processed,
            "created": self.created,
            "existing": self.existing,
            "invalid": self.invalid,
            "identical": self.identical,
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
        outcome.add_error(line, [str(message) for message in messages], row)
        return None


#: The Statement fields a row sets (what the form's ``build_statement`` copies).
VALUE_FIELDS = (
    "name",
    "alias",
    "is_real_name",
    "consent_real_name",
    "people_count",
    "region",
    "text",
    "declared_on",
    "language",
    "source",
    *(org.field_name for org in Organisation),
)


class RowCleaner:
    """The Statement field values of a valid row, or None (and an error
    noted): cleaned by :class:`.fastrows.FastCleaner` when it can decide,
    else by the form, which also words the errors."""

    def __init__(self, page):
        self.fast = FastCleaner(page)
        self.form = RowValidator(page)

    def __call__(self, line, row, outcome):
        values = self.fast(row_data(row))
        if values is not None:
            return values
        statement = self.form(line, row, outcome)
        if statement is None:
            return None
        return {name: getattr(statement, name) for name in VALUE_FIELDS}


class RowKeys:
    """The import key of each row (see the module's docstring), counting
    identical rows as the file is read. Every row of the file, from the
    first, must go through it in order, skipped ones included."""

    def __init__(self, page):
        self.wall = str(walls.wall_id(page)).encode()
        self.seen = Counter()

    def __call__(self, row):
        """``(import key, import key of the first identical row)``: the same
        key for a row seen for the first time."""
        cells = "\x1f".join([row.get(name, "").strip() for name in KEY_COLUMNS])
        digest = hashlib.sha256(cells.encode("utf-8", "surrogatepass")).digest()
        earlier = self.seen[digest]
        self.seen[digest] = earlier + 1
        key = self.key(digest, earlier)
        return key, (self.key(digest, 0) if earlier else key)

    def key(self, digest, earlier):
        return hashlib.sha256(self.wall + b"|%d|" % earlier + digest).hexdigest()[:32]


def import_file(
    file,
    page,
    dry_run=False,
    progress=None,
    user=None,
    outcome=None,
    stop=None,
    rejected=None,
):
    """Import every valid row of ``file`` into ``page`` as submitted by
    ``user``; returns an Outcome. ``progress(outcome)`` is called after each
    batch, and ``rejected(rows)`` with the rows rejected since its last call
    (``(line, messages, {column: cell})``). A real import is logged (counts
    only) and moderators hear of the new pending statements.

    To import in steps, pass the previous step's ``outcome`` (its rows are
    skipped) and ``stop``, the row count at which this step ends;
    ``outcome.complete`` tells whether the file is done."""
    outcome = outcome or Outcome()
    if not outcome.processed:
        check_row_count(file)
    _header, rows = open_rows(file, required=REQUIRED_COLUMNS)
    keys = RowKeys(page)
    # Skipped rows (an earlier step's) are counted for the identical-row keys.
    for _line, row in itertools.islice(rows, outcome.processed):
        keys(row)
    remaining = None if stop is None else max(stop - outcome.processed, 0)
    parts = _read(itertools.islice(rows, remaining), keys, RowCleaner(page))
    batch = Batch(page, dry_run, user)
    with contextlib.closing(read_ahead(parts)) as parts:
        for part in parts:
            batch.write(part, outcome)
            outcome.hand_on(rejected)
            if progress and not part.last:
                progress(outcome)
    outcome.complete = stop is None or outcome.processed < stop
    if outcome.complete and not dry_run:
        _after_import(page, outcome, user)
    return outcome


def _read(rows, keys, clean):
    """The :class:`Rows` of each batch of ``rows``, read and cleaned (in the
    thread of :func:`.ahead.read_ahead`: nothing here may use the database)."""
    part = Rows()
    for line, row in rows:
        part.outcome.processed += 1
        import_key, first_key = keys(row)
        values = clean(line, row, part.outcome)
        if values is not None:
            part.add(values, import_key, first_key, row.get("public_id", ""))
        if len(part) >= BATCH_SIZE:
            yield part
            part = Rows()
    part.last = True
    yield part


def _after_import(page, outcome, user):
    # bulk_create sends no signals: refresh what a submission would have.
    from ..moderation.counts import forget_pending_count
    from ..moderation.notifications import digest_due
    from .audit import log_import

    log_import(user, page, outcome)
    if outcome.created:
        transaction.on_commit(forget_pending_count, robust=True)
        transaction.on_commit(digest_due, robust=True)
        created = outcome.created

        def analyse_statements():
            # The wall's searches are planned from the table's statistics.
            inserts.analyse_after(created)

        transaction.on_commit(analyse_statements, robust=True)


class Rows:
    """The valid rows of one batch, as Statement field values, and the
    outcome of reading them (rows read, rejected rows)."""

    def __init__(self):
        self.values = []
        #: The ``public_id`` cell of each row (an export's), or "".
        self.public_ids = []
        #: Keys of first rows that an identical later row was found for.
        self.firsts = set()
        self.identical = 0
        self.outcome = Outcome()
        #: Whether these are the file's (or the step's) last rows.
        self.last = False

    def __len__(self):
        return len(self.values)

    def add(self, values, import_key, first_key, public_id=""):
        values["import_key"] = import_key
        self.public_ids.append(public_id.strip())
        if import_key != first_key:
            # Identical to an earlier row: kept, and both flagged.
            values["flag_duplicate"] = True
            self.firsts.add(first_key)
            self.identical += 1
        self.values.append(values)


class Batch:
    """Writes the batches of one import, remembering across them the
    fingerprints found (see ``transitions.submit_imported``)."""

    def __init__(self, page, dry_run=False, user=None):
        self.page, self.dry_run, self.user = page, dry_run, user
        self.fingerprints = set()

    def write(self, rows, outcome):
        """Create the statements of ``rows`` (a :class:`Rows`) that are not
        there yet: neither imported from this very row before (its import
        key) nor, for a row of an export, the wall's own statement of that
        ``public_id``; add it all up in ``outcome``."""
        outcome.add(rows.outcome)
        if rows.values:
            values = self.not_exported_from_here(rows)
            outcome.existing += len(rows.values) - len(values)
            new = transitions.submit_imported(
                self.page,
                values,
                user=self.user,
                dry_run=self.dry_run,
                seen=self.fingerprints,
            )
            outcome.created += len(new)
            outcome.existing += len(values) - len(new)
        if rows.firsts and not self.dry_run:
            transitions.flag_imported_duplicates(self.page, rows.firsts)
        outcome.identical += rows.identical

    def not_exported_from_here(self, rows):
        """The values of ``rows``, less those naming a statement of this wall
        by its ``public_id`` (a file exported from this site and imported
        again): one query per batch."""
        named = {public_id for public_id in rows.public_ids if public_id}
        if not named:
            return rows.values
        here = inserts.named(walls.wall_id(self.page), named)
        return [
            values
            for values, public_id in zip(rows.values, rows.public_ids, strict=True)
            if public_id not in here
        ]


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
