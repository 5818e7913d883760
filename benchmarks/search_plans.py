"""The wall's search on PostgreSQL: its query plan and time, with and
without the search indexes of migration 0013. Run on demand, never as a test:

    createdb -h 127.0.0.1 -U postgres tuidang_search_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuidang_search_bench
    DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=.:example_site \\
        .venv/bin/python -m django migrate
    psql "$DATABASE_URL" -v rows=10000000 -f benchmarks/search_fill.sql
    .venv/bin/python benchmarks/search_plans.py

The query is the one the wall runs for its first page (``?q=`` and nothing
else), taken from the view's own queryset. Each term is explained with
``EXPLAIN (ANALYZE, BUFFERS)`` three times after a warm-up, and the median
execution time printed with the plan's top nodes; "without the indexes"
drops the two search indexes of migration 0013 inside a transaction that is
rolled back. Terms: BENCH_TERMS (comma separated, default below); the wall:
BENCH_PAGE (default 2, the page the fill script uses); BENCH_SERIAL=1 runs
without parallel workers, BENCH_NO_JIT=1 without JIT compilation.
"""

import os
import statistics
import sys

from _django import BENCH_DIR  # noqa: F401
from django.db import connection, transaction

from wagtail_tuidang.statements.filters import StatementFilterForm
from wagtail_tuidang.statements.views.listing import published_statements

INDEXES = ("tuidang_stmt_search_trgm", "tuidang_stmt_search_grams")
TERMS = "聲明,退黨,叶诚,鑫,叶诚心,quit,zhang wei,nobody"
PER_PAGE = 50
RUNS = 3


class Page:
    def __init__(self, pk):
        self.pk = pk


def wall_query(page, term):
    form = StatementFilterForm({"q": term})
    queryset = form.apply(published_statements(page))
    queryset = queryset.order_by("-published_at", "-id")[: PER_PAGE + 1]
    return queryset.query.sql_with_params()


def explain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
    total = next(line for line in lines if line.startswith("Execution Time"))
    return float(total.split()[2]), lines


def measure(sql, params):
    explain(sql, params)
    runs = [explain(sql, params) for _run in range(RUNS)]
    return statistics.median(ms for ms, _lines in runs), runs[-1][1]


def report(label, term, sql, params):
    ms, lines = measure(sql, params)
    nodes = [line.strip() for line in lines if "->" in line or line is lines[0]]
    nodes += [line.strip() for line in lines if line.strip().startswith("Timing:")]
    print(f"\n### {term!r} {label}: {ms:.1f} ms (median of {RUNS})")
    for line in dict.fromkeys(nodes[:5] + nodes[-1:]):
        print("    " + line[:150])


def main():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    with connection.cursor() as cursor:
        if os.environ.get("BENCH_SERIAL"):
            # Without parallel workers, whose start-up dominates short
            # queries on a busy machine.
            cursor.execute("SET max_parallel_workers_per_gather = 0")
        if os.environ.get("BENCH_NO_JIT"):
            # JIT compilation (PostgreSQL's default above a planned cost of
            # 100,000) takes longer than a search the index serves.
            cursor.execute("SET jit = off")
    page = Page(int(os.environ.get("BENCH_PAGE", "2")))
    terms = os.environ.get("BENCH_TERMS", TERMS).split(",")
    for term in terms:
        sql, params = wall_query(page, term)
        print(f"\n## {term!r} → {params[-1]!r}\n\n    {sql % tuple(params)}"[:600])
        report("with the indexes", term, sql, params)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {', '.join(INDEXES)}")
            report("without the indexes", term, sql, params)
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
