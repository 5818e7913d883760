"""Statements out as rows, CSV (streamed) or XLSX.

Every text cell is normalised first (control characters removed: XML cannot
hold them and a spreadsheet may skip them), then, if a spreadsheet would read
it as a formula, given a leading apostrophe (see :func:`guard`), so a name
such as ``=HYPERLINK(...)`` or ``\x01=1+1`` stays text in Excel or
LibreOffice. Contact details are decrypted only when asked for, and the views
ask only for users holding ``view_contact``.

No export holds the words of a withdrawn statement or a real name its
submitter did not agree to publish (see :func:`.erasure.export_names`).
"""

import csv
import tempfile

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..crypto import DecryptionError, PrivateKeyUnavailable, get_cipher
from ..statements.erasure import export_names
from ..statements.models import Statement
from ..statements.walls import wall_id
from .columns import CONTACT_COLUMN, EXPORT_COLUMNS, organisation_codes

CHUNK_SIZE = 2000
#: First characters that make a spreadsheet evaluate a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
#: Excel reads a CSV as UTF-8 only with a byte order mark.
BOM = "\ufeff"


def guard(value):
    """The cell value without control characters, with a leading ``'`` if a
    spreadsheet would otherwise take it for a formula. Stripping comes first:
    ``"\x01=1+1"`` would otherwise pass the check and become ``=1+1``."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def columns(with_contact=False):
    return [*EXPORT_COLUMNS, CONTACT_COLUMN] if with_contact else list(EXPORT_COLUMNS)


def row(statement, with_contact=False):
    """One statement as a list of cell values, in :func:`columns` order."""
    names = export_names(statement)
    values = {
        "public_id": statement.public_id,
        # In groups, as printed on the certificate: a spreadsheet keeps it
        # as text, leading zeros included.
        "registration_number": statement.registration_number_display,
        "index_page": statement.index_page_id,
        "status": statement.status,
        "source": statement.source,
        "submitted_at": _iso(statement.submitted_at),
        "published_at": _iso(statement.published_at),
        "name": names["name"],
        "alias": names["alias"],
        "is_real_name": int(names["is_real_name"]),
        "consent_real_name": int(names["consent_real_name"]),
        "organisations": organisation_codes(statement),
        "people_count": statement.people_count,
        "region": names["region"],
        "text": names["text"],
        "declared_on": _iso(statement.declared_on),
        "language": statement.language,
    }
    if with_contact:
        values[CONTACT_COLUMN] = _contact(statement)
    return [guard(values[name]) for name in columns(with_contact)]


def _iso(value):
    return value.isoformat() if value else ""


def _contact(statement):
    if not statement.contact_encrypted:
        return ""
    try:
        return get_cipher().decrypt(statement.contact_encrypted)
    except PrivateKeyUnavailable:
        return gettext("(contacts can be read on the admin host)")
    except DecryptionError:
        return ""


def rows(queryset, with_contact=False):
    """Header and rows, reading the database in chunks."""
    yield columns(with_contact)
    fields = [*EXPORT_COLUMNS_DB, *(["contact_encrypted"] if with_contact else [])]
    for statement in queryset.only(*fields).order_by("pk").iterator(CHUNK_SIZE):
        yield row(statement, with_contact)


EXPORT_COLUMNS_DB = (
    "public_id",
    "registration_number",
    "index_page_id",
    "status",
    "source",
    "submitted_at",
    "published_at",
    "name",
    "alias",
    "is_real_name",
    "consent_real_name",
    "quit_party",
    "quit_youth_league",
    "quit_young_pioneers",
    "people_count",
    "region",
    "text",
    "declared_on",
    "language",
)


class _Echo:
    """A file-like object whose write returns the line, for streaming."""

    def write(self, value):
        return value


def csv_lines(queryset, with_contact=False):
    """CSV text, one line at a time (for a StreamingHttpResponse)."""
    writer = csv.writer(_Echo())
    yield BOM
    for values in rows(queryset, with_contact):
        yield writer.writerow(values)


def write_csv(queryset, file, with_contact=False):
    for line in csv_lines(queryset, with_contact):
        file.write(line)


def write_xlsx(queryset, file, with_contact=False):
    """An XLSX workbook of one sheet into the binary ``file``; written row by
    row (openpyxl's write-only mode) so memory stays flat."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("statements")
    for values in rows(queryset, with_contact):
        sheet.append(values)
    workbook.save(file)


def xlsx_file(queryset, with_contact=False):
    """A temporary file holding the workbook, rewound, for a FileResponse."""
    file = tempfile.TemporaryFile()
    write_xlsx(queryset, file, with_contact)
    file.seek(0)
    return file


def filtered(status="", page=None, since=None, until=None):
    """Statements by status, index page and submission date (inclusive)."""
    queryset = Statement.objects.all()
    if status:
        queryset = queryset.filter(status=status)
    if page is not None:
        queryset = queryset.filter(index_page_id=wall_id(page))
    if since:
        queryset = queryset.filter(submitted_at__date__gte=since)
    if until:
        queryset = queryset.filter(submitted_at__date__lte=until)
    return queryset
