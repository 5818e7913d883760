"""Reading an uploaded CSV or XLSX file into rows of text cells.

Any file that is not a readable CSV (UTF-8, with or without a byte order
mark) or XLSX raises :class:`ImportFileError` with a sentence for the person
who uploaded it; nothing in here lets a bad file turn into a server error.

Limits are checked before anything is parsed, so that no file can exhaust a
worker: its size (``WAGTAIL_TUIDANG_IMPORT_MAX_UPLOAD_BYTES``); for an XLSX
file, which is a zip archive, the size of its contents once decompressed and
their compression ratio (``…_IMPORT_MAX_XLSX_BYTES``, ``…_IMPORT_MAX_XLSX_RATIO``),
read from the archive's directory before openpyxl opens it; and, while
reading, the number of rows, blank ones included (``…_IMPORT_MAX_ROWS``).
Blank rows are skipped before their cells are converted, and XLSX rows are
read up to :data:`MAX_COLUMNS` columns only, whatever the sheet claims.
"""

import csv
import datetime
import io
import re
import time
import zipfile

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from .exporter import FORMULA_STARTS

#: Longest cell a CSV may hold; the form's own limits refuse long values
#: with a row error, this only stops a runaway quote from eating the file.
CSV_FIELD_LIMIT = 1_000_000
XLSX_MAGIC = b"PK\x03\x04"
#: The start of a row in an XLSX worksheet (not ``<rowBreaks``).
ROW_TAG = re.compile(rb"<row[ >/]")
ROW_TAG_LENGTH = 5
#: Columns read from an XLSX row: an export has 17, and a sheet may claim
#: 16,384 for every row.
MAX_COLUMNS = 64


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why."""


class TooManyRows(ImportFileError):
    """The file has more rows than ``WAGTAIL_TUIDANG_IMPORT_MAX_ROWS``."""

    def __init__(self, limit):
        super().__init__(
            _(
                "This file has more than %(limit)s rows (empty rows count "
                "too). Split it into smaller files."
            )
            % {"limit": limit}
        )


class Budget:
    """How far a preview reads: ``rows`` rows (blank ones included) and
    ``seconds`` seconds. :attr:`stopped` says which ran out, if one did."""

    ROWS, TIME = "rows", "time"

    def __init__(self, rows, seconds):
        self.rows, self.seconds = rows, seconds
        self.deadline = time.monotonic() + seconds
        self.stopped = None

    def spent(self, line):
        """Whether reading must stop before ``line``."""
        if line - 1 > self.rows:
            self.stopped = self.ROWS
        elif time.monotonic() > self.deadline:
            self.stopped = self.TIME
        return self.stopped is not None


def open_rows(file, required=(), budget=None):
    """``(header, rows)`` of a binary ``file``: ``rows`` yields
    ``(line number, {column: text})``, until ``budget`` (a :class:`Budget`)
    is spent if one is given; raises ImportFileError for an empty,
    unreadable, oversized or incomplete file."""
    start = file.read(4)
    file.seek(0)
    if not start:
        raise ImportFileError(_("The file is empty."))
    check_size(_size(file))
    if start == XLSX_MAGIC:
        check_archive(file)
        reader = _xlsx_rows(file)
    else:
        reader = _csv_rows(file)
    header = [str(cell or "").strip().lower() for cell in _first(reader)]
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportFileError(
            _("Columns missing from the first row: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return header, _dicts(header, reader, budget)


def _size(file):
    size = file.seek(0, io.SEEK_END)
    file.seek(0)
    return size


def check_size(size):
    """Raise ImportFileError if a file of ``size`` bytes is too large."""
    limit = get_setting("IMPORT_MAX_UPLOAD_BYTES")
    if size > limit:
        raise ImportFileError(
            _(
                "This file is %(size)s; files of up to %(limit)s can be "
                "imported. Split it into smaller files."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def check_archive(file):
    """Raise ImportFileError if the XLSX (zip) ``file`` would decompress to
    more than the limit, or by more than the allowed ratio: read from the
    archive's directory, without decompressing anything."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_("This XLSX file cannot be read.")) from None
    finally:
        file.seek(0)
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    limit = get_setting("IMPORT_MAX_XLSX_BYTES")
    if unpacked > limit or unpacked / packed > get_setting("IMPORT_MAX_XLSX_RATIO"):
        raise ImportFileError(
            _(
                "This XLSX file would take %(size)s once unpacked; files of up "
                "to %(limit)s, compressed normally, can be imported. Save it "
                "as CSV, or remove empty rows and columns."
            )
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)}
        )


def check_row_count(file):
    """Raise TooManyRows if ``file`` has more rows than the limit, counted
    without parsing: line ends of a CSV (a quoted line break counts too), row
    tags of an XLSX's worksheets. Costs a second or so at the size limit.

    The file's size and, for an XLSX, its unpacked size and ratio are checked
    first (ImportFileError): counting unpacks the worksheets."""
    limit = get_setting("IMPORT_MAX_ROWS")
    start = file.read(4)
    file.seek(0)
    check_size(_size(file))
    if start == XLSX_MAGIC:
        check_archive(file)
    try:
        if start == XLSX_MAGIC:
            with zipfile.ZipFile(file) as archive:
                rows = sum(
                    _count(archive.open(member), ROW_TAG)
                    for member in archive.namelist()
                    if member.startswith("xl/worksheets/")
                )
        else:
            rows = _count_lines(file)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        rows = 0  # open_rows says what is wrong with the file
    finally:
        file.seek(0)
    if rows > limit + 1:
        raise TooManyRows(limit)


def _count(stream, pattern, chunk_size=1024 * 1024):
    """Matches in a binary stream of ``pattern``, a regular expression whose
    matches are all :data:`ROW_TAG_LENGTH` bytes long."""
    count, tail = 0, b""
    while chunk := stream.read(chunk_size):
        data = tail + chunk
        count += len(pattern.findall(data))
        # Too short to hold a whole match: only one that goes on in the next
        # chunk, and it was not counted yet.
        tail = data[-(ROW_TAG_LENGTH - 1) :]
    return count


def _count_lines(stream, chunk_size=1024 * 1024):
    count = 0
    while chunk := stream.read(chunk_size):
        count += chunk.count(b"\n")
    return count


def _first(reader):
    try:
        return next(reader)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None


def _dicts(header, reader, budget=None):
    limit = get_setting("IMPORT_MAX_ROWS")
    for number, cells in enumerate(reader, start=2):
        if number > limit + 1:
            raise TooManyRows(limit)
        if budget is not None and budget.spent(number):
            return
        if not any(cells):  # blank: None or "" in every cell
            continue
        # A CSV's cells are text already: only a guarded formula is undone.
        cells = [
            cell if cell.__class__ is str and cell[:1] != "'" else _text(cell)
            for cell in cells
        ]
        if not any(cells):
            continue
        cells += [""] * (len(header) - len(cells))
        yield number, dict(zip(header, cells, strict=False))


def _text(cell):
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    text = str(cell)
    # Undo the export's guard against formulas: "'=x" was exported from "=x".
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _csv_rows(file):
    try:
        text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        csv.field_size_limit(CSV_FIELD_LIMIT)
        yield from csv.reader(text)
    except UnicodeDecodeError:
        raise ImportFileError(
            _("This is not a CSV file in UTF-8, nor an XLSX file.")
        ) from None
    except csv.Error as error:
        raise ImportFileError(
            _("This CSV file cannot be read: %(error)s") % {"error": error}
        ) from None


def _xlsx_rows(file):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # Read the rows the sheet has, not the size it claims: a claimed
        # "A1:XFD1048576" would yield a million rows of 16,384 blank cells.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except Exception:  # a hostile file may break the parser in any way
        raise ImportFileError(_("This XLSX file cannot be read.")) from None
