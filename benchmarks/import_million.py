"""Importing 1,000,000 statements on PostgreSQL, and previewing the first
1,000 rows.

Generates a CSV of BENCH_ROWS rows (default 1,000,000): aliases shared by
many people, texts that tell them apart, organisations written as codes, in
Chinese and in English, one row in a thousand identical to the row before
it. Then times the preview of the first 1,000 rows and the import itself
(``importer.import_file``, as the task worker runs it), and, with
BENCH_AGAIN=1, the same file again (nothing created). The database's time
is added up per kind of statement (each statement timed from its sending to
its answer). Run on demand, never as a test:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_receipts_bench \\
        .venv/bin/python benchmarks/import_million.py

Results go to stdout as Markdown for docs/benchmarks.md.
"""

import contextlib
import csv
import datetime
import os
import random
import time
from collections import Counter

# Sets Django up: keep it before any import of Django's.
from _django import BENCH_DIR

# isort: split

from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from wagtail.models import Page

from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements.choices import Region
from wagtail_tuidang.transfer import importer

REGIONS = [code for code, _label in Region.choices]
ORGANISATIONS = ["party", "党;团;队", "中共/共青团", "少先隊", "Communist Youth League"]
ALIASES = ["清风", "自由人", "明月", "觉醒者", "新生", "真心", "光明", "正念"]
COLUMNS = ["name", "organisations", "people_count", "region", "text", "declared_on"]
TEXTS = ["我声明退出中共及其相关组织。", "本人自愿退出共青团和少先队。", ""]


def generate(path, rows, rng):
    start = datetime.date(2005, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        previous = None
        for number in range(rows):
            if previous and number % 1000 == 999:
                writer.writerow(previous)  # an identical row: kept and flagged
                continue
            previous = [
                rng.choice(ALIASES),
                rng.choice(ORGANISATIONS),
                1 + number % 4,
                rng.choice(REGIONS),
                f"{rng.choice(TEXTS)}（{number}）",
                start + datetime.timedelta(days=rng.randrange(7000)),
            ]
            writer.writerow(previous)


def timed(function, *args, **kwargs):
    """``((wall seconds, this process's CPU seconds), result)``: on a shared
    machine the CPU time says what the import itself costs."""
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return (time.perf_counter() - started, time.process_time() - cpu), result


LOAD = os.getloadavg()


class Phases:
    """Seconds and counts of the database's statements, by kind."""

    def __init__(self):
        self.seconds, self.count = Counter(), Counter()

    def add(self, kind, seconds):
        self.seconds[kind] += seconds
        self.count[kind] += 1

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.add(_kind(sql), time.perf_counter() - started)

    @contextlib.contextmanager
    def timing(self):
        """Time every statement, COPY and commit of the default connection."""
        import psycopg

        original_copy, original_commit = psycopg.Cursor.copy, connection.commit

        @contextlib.contextmanager
        def copy(cursor, *args, **kwargs):
            started = time.perf_counter()
            with original_copy(cursor, *args, **kwargs) as block:
                yield block
            self.add("COPY rows (and their formatting in Python)", _since(started))

        def commit():
            started = time.perf_counter()
            original_commit()
            self.add("COMMIT", _since(started))

        psycopg.Cursor.copy, connection.commit = copy, commit
        try:
            with connection.execute_wrapper(self):
                yield self
        finally:
            psycopg.Cursor.copy = original_copy
            del connection.commit

    def table(self):
        lines = ["| statement | count | seconds |", "|---|---|---|"]
        for kind, seconds in self.seconds.most_common():
            lines.append(f"| {kind} | {self.count[kind]:,} | {seconds:.2f} |")
        total = sum(self.seconds.values())
        lines.append(f"| all | {sum(self.count.values()):,} | {total:.2f} |")
        return "\n".join(lines)


def _since(started):
    return time.perf_counter() - started


def _kind(sql):
    if "ON CONFLICT" in sql:
        return "INSERT … SELECT … ON CONFLICT DO NOTHING"
    if "CROSS JOIN LATERAL" in sql:
        return "look-up (import keys, fingerprints, public ids)"
    if "CREATE TEMPORARY" in sql:
        return "temporary table made"
    return " ".join(sql.split()[:2])


def main():
    rows = int(os.environ.get("BENCH_ROWS", "1000000"))
    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    page = StatementIndexPage(title="Import bench", slug=f"import-{time.time_ns()}")
    root.add_child(instance=page)
    path = f"{BENCH_DIR}/rows.csv"
    generate(path, rows, random.Random(7))
    size = os.path.getsize(path)
    limits = {
        "WAGTAIL_TUIDANG_IMPORT_MAX_ROWS": rows + 1,
        "WAGTAIL_TUIDANG_IMPORT_MAX_UPLOAD_BYTES": size + 1,
    }
    report = []
    with override_settings(**limits):
        seconds, (outcome, _valid, _budget) = timed(
            _run, importer.preview, path, page, limit=1000
        )
        report.append(("preview, first 1,000 rows", seconds, outcome.processed, ""))
        with Phases().timing() as phases:
            seconds, outcome = timed(_run, importer.import_file, path, page)
        report.append(("import", seconds, outcome.processed, _counts(outcome)))
        if os.environ.get("BENCH_AGAIN"):
            with Phases().timing() as again:
                seconds, outcome = timed(_run, importer.import_file, path, page)
            report.append(
                ("same file again", seconds, outcome.processed, _counts(outcome))
            )
    stored = Statement.objects.filter(index_page_id=page.pk).count()
    print(f"\n### {connection.vendor}, {rows:,} rows ({size / 1e6:.0f} MB)\n")
    print(f"Load average before: {LOAD[0]:.2f}, after: {os.getloadavg()[0]:.2f}.\n")
    print("| run | seconds | Python CPU seconds | rows/s | outcome |")
    print("|---|---|---|---|---|")
    for name, (wall, cpu), processed, counts in report:
        print(
            f"| {name} | {wall:.2f} | {cpu:.2f} | {processed / wall:,.0f} | {counts} |"
        )
    print(f"\nStatements stored: {stored:,}.")
    print(f"\nThe database's time during the import:\n\n{phases.table()}")
    if os.environ.get("BENCH_AGAIN"):
        print(f"\nThe database's time, same file again:\n\n{again.table()}")


def _run(function, path, *args, **kwargs):
    # The reader closes the file it was given once done: a new one each run.
    with open(path, "rb") as file:
        return function(file, *args, **kwargs)


def _counts(outcome):
    return (
        f"{outcome.created:,} created, {outcome.existing:,} already there, "
        f"{outcome.identical:,} identical (flagged), {outcome.invalid:,} invalid"
    )


if __name__ == "__main__":
    main()
