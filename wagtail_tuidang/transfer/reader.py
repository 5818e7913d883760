"""Reading an uploaded CSV or XLSX file into rows of text cells.

Any file that is not a readable CSV (UTF-8, with or without a byte order
mark) or XLSX raises :class:`ImportFileError` with a sentence for the person
who uploaded it; nothing in here lets a bad file turn into a server error.
"""

import csv
import datetime
import io
import zipfile

from django.utils.translation import gettext_lazy as _

from .exporter import FORMULA_STARTS

#: Longest cell a CSV may hold; the form's own limits refuse long values
#: with a row error, this only stops a runaway quote from eating the file.
CSV_FIELD_LIMIT = 1_000_000
XLSX_MAGIC = b"PK\x03\x04"


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why."""


def open_rows(file, required=()):
    """``(header, rows)`` of a binary ``file``: ``rows`` yields
    ``(line number, {column: text})``; raises ImportFileError for an empty,
    unreadable or incomplete file."""
    start = file.read(4)
    file.seek(0)
    if not start:
        raise ImportFileError(_("The file is empty."))
    reader = _xlsx_rows(file) if start == XLSX_MAGIC else _csv_rows(file)
    header = [str(cell or "").strip().lower() for cell in _first(reader)]
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportFileError(
            _("Columns missing from the first row: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return header, _dicts(header, reader)


def _first(reader):
    try:
        return next(reader)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None


def _dicts(header, reader):
    for number, cells in enumerate(reader, start=2):
        cells = [_text(cell) for cell in cells]
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
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError, OSError):
        raise ImportFileError(_("This XLSX file cannot be read.")) from None
