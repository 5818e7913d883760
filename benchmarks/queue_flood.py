"""The moderation queue at 100,000 pending statements, on PostgreSQL.

Fills a new database with 1 % of BENCH_PENDING pending statements (default
100,000), measures, then fills the rest and measures again: as a flood
leaves them: 5 % without a flag, the others flagged
"submitted too fast" (60 %), "over the rate limit" (30 %) or "possible
duplicate" (5 %), plus BENCH_PUBLISHED published ones (default 100,000).
Then times, as a signed-in moderator through the admin (Django's test
client, no network), each BENCH_REPEAT times (default 5), median and worst:

- the default tab (unflagged, oldest first), with its tab counts computed
  afresh (cache cleared) and cached;
- a flagged tab ("over the rate limit"), its first page and its page 10;
- a search for a name (the box posts, the listing reads it back);
- the "mark all matching as spam" page (it counts what matches);

and the background task marking every statement of the "possible
duplicate" tab as spam (BENCH_PENDING × 5 %) in batches, as a worker runs
it: statements per second. Run on demand, never as a test:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuidang_queue_bench \\
        .venv/bin/python benchmarks/queue_flood.py

The database is dropped and created again. Results go to stdout as Markdown
for docs/benchmarks.md.
"""

import os
import statistics
import time

# Sets Django up: keep it before any import of Django's.
import _django  # noqa: F401
import _services

# isort: split

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation import matching
from wagtail_tuidang.moderation.models import BulkDecision
from wagtail_tuidang.pages.models import StatementIndexPage

QUEUE = "/admin/tuidang/statements/"

FILL = """
INSERT INTO wagtail_tuidang_statement (
  public_id, name, alias, is_real_name, consent_real_name, real_name_confirmed,
  quit_party, quit_youth_league, quit_young_pioneers, people_count, region, text,
  language, declared_on, status, source, submitted_at, published_at, decided_at,
  public_reason, fingerprint, flag_duplicate, flag_rate_limited, flag_honeypot,
  flag_too_fast, contact_encrypted, index_page_id, internal_note,
  flag_rate_limit_unknown, search_text)
SELECT %(prefix)s || g.i, '洪水' || g.i, '', false, false, false,
  true, g.i %% 2 = 0, false, 1, 'gd', '我声明退出中共及其相关组织。',
  'zh-hans', (now() - g.i * interval '2 seconds')::date, %(status)s, 'web',
  now() - g.i * interval '2 seconds',
  CASE WHEN %(status)s = 'published' THEN now() - g.i * interval '2 seconds' END,
  NULL, '', md5(g.i::text),
  %(flags)s AND g.i %% 100 BETWEEN 95 AND 99,
  %(flags)s AND g.i %% 100 BETWEEN 65 AND 94, false,
  %(flags)s AND g.i %% 100 BETWEEN 5 AND 64, '', %(page)s, '', false,
  '洪水' || g.i || E'\\n我声明退出中共及其相关组织。'
FROM generate_series(1, %(rows)s) AS g(i)
"""


def setting(name, default):
    return int(os.environ.get(f"BENCH_{name}", default))


def fill(page, pending, published, tag):
    with connection.cursor() as cursor:
        for prefix, status, rows, flags in (
            (f"p{tag}-", "published", published, False),
            (f"q{tag}-", "pending", pending, True),
        ):
            cursor.execute(
                FILL,
                {
                    "prefix": prefix,
                    "status": status,
                    "rows": rows,
                    "flags": flags,
                    "page": page.pk,
                },
            )
        cursor.execute("ANALYZE wagtail_tuidang_statement")


def timed(function, repeat):
    """Median and worst seconds of ``function()`` over ``repeat`` runs,
    after one to warm up; the median seconds spent in SQL; and the queries
    of the last run."""
    function()
    seconds, sql = [], []
    for _run in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            seconds.append(time.perf_counter() - started)
        sql.append(sum(float(query["time"]) for query in queries))
    return (
        statistics.median(seconds),
        max(seconds),
        statistics.median(sql),
        len(queries),
    )


def get(client, url, params=None, fresh_counts=False):
    def run():
        if fresh_counts:
            caches["default"].clear()
        response = client.get(url, params or {})
        assert response.status_code == 200, response.status_code

    return run


def search(client, words):
    def run():
        response = client.post(QUEUE, {"q": words})
        assert client.get(response["Location"]).status_code == 200

    return run


def run_task(user, tab):
    """Mark every statement of ``tab`` as spam, batch after batch as a
    worker does; returns (statements, seconds)."""
    criteria = {"query": {"tab": [tab]}, "words": ""}
    job = matching.start(user, "mark_spam", criteria)
    started = time.perf_counter()
    while matching.run_batch(job.pk) is not None:
        pass
    seconds = time.perf_counter() - started
    job = BulkDecision.objects.get(pk=job.pk)
    return job, seconds


def measure(client, repeat):
    rows = [
        ("default tab, counts afresh", get(client, QUEUE, fresh_counts=True)),
        ("default tab, counts cached", get(client, QUEUE)),
        (
            "“over the rate limit” tab, page 1",
            get(client, QUEUE, {"tab": "flag_rate_limited"}),
        ),
        (
            "“over the rate limit” tab, page 10",
            get(client, QUEUE, {"tab": "flag_rate_limited", "p": 10}),
        ),
        ("search for a name (post + listing)", search(client, "洪水42")),
        (
            "“mark all matching as spam” page, “over the rate limit” (counts them)",
            get(client, f"{QUEUE}matching/mark_spam/", {"tab": "flag_rate_limited"}),
        ),
    ]
    print(
        "| request | median s | worst s | median s in SQL | queries |\n"
        "|---|---|---|---|---|"
    )
    for label, function in rows:
        median, worst, sql, queries = timed(function, repeat)
        print(f"| {label} | {median:.3f} | {worst:.3f} | {sql:.3f} | {queries} |")


def main():
    if connection.vendor != "postgresql":
        print("\nqueue_flood: needs PostgreSQL (set DATABASE_URL); skipped.")
        return
    pending, published = setting("PENDING", 100_000), setting("PUBLISHED", 100_000)
    repeat = setting("REPEAT", 5)
    _services.recreate_database(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)
    page = StatementIndexPage(title="Queue bench", slug=f"queue-{time.time_ns()}")
    Page.get_first_root_node().add_child(instance=page)
    user = get_user_model().objects.create(
        username="bench-moderator", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(user)
    small = pending // 100
    for tag, (add_pending, add_published) in enumerate(
        [(small, published // 100), (pending - small, published - published // 100)]
    ):
        started = time.perf_counter()
        fill(page, add_pending, add_published, tag)
        filled = Statement.objects.filter(status="pending").count()
        print(
            f"\n### {filled:,} pending (filled in "
            f"{time.perf_counter() - started:.1f} s)\n"
        )
        measure(client, repeat)
    job, seconds = run_task(user, "flag_duplicate")
    print(
        f"\nMark all {job.total:,} “possible duplicate” statements as spam "
        f"(background task, batches of {matching.BATCH}): {job.done:,} decided, "
        f"{job.skipped:,} skipped in {seconds:.1f} s "
        f"({job.done / seconds:,.0f} statements/s)."
    )
    print(f"Load average after the run: {os.getloadavg()}.")


if __name__ == "__main__":
    main()
