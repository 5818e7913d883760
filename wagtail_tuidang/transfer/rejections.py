"""Every rejected row of an import, as a CSV file to download, fix and import
again: its line in the file, the reasons, and its cells as they were.

The rows hold names of people at risk, so the file is kept where the upload
was (the private import storage, never served at a URL), written in parts as
the import goes (any storage can save a new file; not every one can append),
offered only to the person who ran the import, and deleted with the
abandoned uploads a day later (``jobs.discard_stale``). Every cell goes
through the export's formula guard.
"""

import csv
import io

from django.core.files.base import ContentFile

from .columns import IMPORT_COLUMNS
from .exporter import BOM, guard
from .jobs import UPLOAD_DIR
from .storage import import_storage

#: Columns of the file: where and why, then the row's own cells.
COLUMNS = ("line", "reason", *IMPORT_COLUMNS, "public_id", "id")
#: Between two reasons of one row.
REASON_SEPARATOR = " | "


def part_name(job_id, number):
    return f"{UPLOAD_DIR}/{job_id}.rejected.{number:06d}.csv"


def csv_text(rows, header=False):
    """The CSV lines of ``rows`` (``(line, messages, {column: cell})``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    if header:
        writer.writerow(COLUMNS)
    for line, messages, cells in rows:
        reason = REASON_SEPARATOR.join(str(message) for message in messages)
        values = [cells.get(name, "") for name in COLUMNS[2:]]
        writer.writerow([line, guard(reason), *(guard(value) for value in values)])
    return out.getvalue()


class PartWriter:
    """The ``rejected`` callback of an import job: each call saves the rows
    as the job's next part, and ``on_part(count)`` records how many there
    are."""

    def __init__(self, job_id, parts=0, on_part=None):
        self.job_id, self.parts, self.on_part = job_id, parts, on_part

    def __call__(self, rows):
        content = ContentFile(csv_text(rows).encode("utf-8"))
        import_storage().save(part_name(self.job_id, self.parts), content)
        self.parts += 1
        if self.on_part is not None:
            self.on_part(self.parts)


def download_lines(job_id, parts):
    """The whole file, one piece at a time: the header, then each part."""
    yield BOM + csv_text([], header=True)
    storage = import_storage()
    for number in range(parts):
        name = part_name(job_id, number)
        if storage.exists(name):
            with storage.open(name, "rb") as part:
                yield part.read().decode("utf-8")


def available(job_id):
    """Whether ``job_id``'s file is still kept."""
    return import_storage().exists(part_name(job_id, 0))
