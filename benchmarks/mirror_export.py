"""The static mirror export (``tuidang_mirror_export``) of a big wall.

Fills a wall of a new site with BENCH_SIZE published statements (default
100,000; bulk insert as in wall_reads.py), then times a full export, an
incremental run with nothing changed, and an incremental run after 100
moderation decisions (50 new statements published, 50 published ones
withdrawn); BENCH_JOBS processes render the permalinks (default 1). Run on
demand, never as a test:

    .venv/bin/python benchmarks/mirror_export.py                 # SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuidang_bench \\
        .venv/bin/python benchmarks/mirror_export.py

Results go to stdout as a Markdown table for docs/benchmarks.md.
"""

import os
import random
import subprocess
import sys
import time

# Sets Django up: keep it before any import of Django's.
from _django import BENCH_DIR

# isort: split

from django.db import connection
from wagtail.models import Page, Site
from wall_reads import fill

from wagtail_tuidang.mirror.exporter import MirrorExport
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements import transitions
from wagtail_tuidang.statements.choices import Status


def run(folder, label, rows):
    started, cpu = time.perf_counter(), time.process_time()
    jobs = int(os.environ.get("BENCH_JOBS", "1"))
    counts = MirrorExport(folder, main_url="http://main.example.onion", jobs=jobs).run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # Space on disk, as an operator would see it (du), not the bytes alone.
    size = subprocess.run(  # noqa: S603
        ["du", "-sm", folder],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[0]
    files = sum(len(names) for _d, _s, names in os.walk(folder))
    rows.append(
        f"| {label} | {seconds:.1f} s | {cpu:.1f} s | {counts['rendered']:,} | "
        f"{counts['written']:,} | {counts['removed']:,} | {files:,} | {size} MB |"
    )
    print(rows[-1], file=sys.stderr)


def decide(wall, rng):
    """50 new statements published and 50 published ones withdrawn."""
    published = list(Statement.objects.published().for_page(wall).order_by("?")[:50])
    for statement in published:
        transitions.withdraw(statement)
    for number in range(50):
        statement = Statement.objects.create(
            index_page=wall, name=f"新化名{number}", quit_party=True
        )
        transitions.publish(statement)
    assert Statement.objects.filter(status=Status.WITHDRAWN).count() >= 50


def make_site():
    """A site of a home page and one wall (the demo's pages would only add
    their own few files)."""
    from home.models import HomePage

    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    wall = StatementIndexPage(title="Bench", slug="bench")
    home.add_child(instance=wall)
    return wall


def main():
    from django.core.management import call_command

    size = int(os.environ.get("BENCH_SIZE", "100000"))
    call_command("migrate", verbosity=0)
    wall = make_site()
    fill(wall, size, random.Random(7))
    folder = os.path.join(BENCH_DIR, "mirror")
    rows = []
    run(folder, "full export", rows)
    run(folder, "again, nothing changed", rows)
    decide(wall, random.Random(8))
    run(folder, "after 100 decisions", rows)
    total = Statement.objects.published().count()
    print(f"\n### {connection.vendor}, {total:,} published statements\n")
    print(
        "| run | time | CPU time | pages rendered | files written "
        "| files removed | files | size |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
