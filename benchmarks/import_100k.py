"""Importing 100,000 statements from a CSV file with ``tuidang_import``.

Generates a CSV of BENCH_ROWS rows (default 100,000; distinct aliases, mixed
organisations, counts, regions, texts and dates), imports it into a new
statement index page, then imports it again (every row already there). Run on
demand, never as a test:

    .venv/bin/python benchmarks/import_100k.py                 # SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuidang_bench \\
        .venv/bin/python benchmarks/import_100k.py

Results go to stdout as Markdown for docs/benchmarks.md.
"""

import csv
import datetime
import io
import os
import random
import time

# Sets Django up: keep it before any import of Django's.
from _django import BENCH_DIR

# isort: split

from django.core.management import call_command
from django.db import connection
from wagtail.models import Page

from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements.choices import Region
from wagtail_tuidang.volunteers.aliases import random_alias

REGIONS = [code for code, _label in Region.choices]
ORGANISATIONS = ["party", "party;youth_league", "youth_league;young_pioneers"]
COLUMNS = ["name", "organisations", "people_count", "region", "text", "declared_on"]


def generate(path, rows, rng):
    start = datetime.date(2005, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for number in range(rows):
            writer.writerow(
                [
                    f"{random_alias()}{number}",
                    rng.choice(ORGANISATIONS),
                    1 + number % 4,
                    rng.choice(REGIONS),
                    "我声明退出中共及其相关组织。" if number % 2 else "",
                    start + datetime.timedelta(days=rng.randrange(7000)),
                ]
            )


def timed_import(path, page):
    out = io.StringIO()
    started = time.perf_counter()
    call_command("tuidang_import", path, "--page", str(page.pk), stdout=out)
    return time.perf_counter() - started, out.getvalue().strip()


def main():
    rows = int(os.environ.get("BENCH_ROWS", "100000"))
    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    page = StatementIndexPage(title="Import bench", slug=f"import-{time.time_ns()}")
    root.add_child(instance=page)
    path = f"{BENCH_DIR}/rows.csv"
    generate(path, rows, random.Random(7))
    first, first_out = timed_import(path, page)
    again, again_out = timed_import(path, page)
    stored = Statement.objects.filter(index_page_id=page.pk).count()
    print(f"\n### {connection.vendor}, {rows:,} rows\n")
    print("| run | seconds | rows/s | outcome |\n|---|---|---|---|")
    print(f"| first import | {first:.1f} | {rows / first:,.0f} | {first_out} |")
    print(f"| same file again | {again:.1f} | {rows / again:,.0f} | {again_out} |")
    print(f"\nStatements stored: {stored:,}.")


if __name__ == "__main__":
    main()
