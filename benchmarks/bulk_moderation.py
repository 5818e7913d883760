"""Overlapping bulk moderation at the same moment, on PostgreSQL.

BENCH_ACTIONS moderators (default 50) each post one bulk action through the
admin at the same moment: publish (most), reject or mark as spam, each on
BENCH_SELECTED statements (default 30) picked at random from a pool of
BENCH_POOL pending ones (default 100), so the selections overlap. Counts the
answers (a redirect back to the queue is a success, a 500 an error) and the
deadlocks PostgreSQL detected, and checks the tallies against
``tallies.rebuild()`` and that each statement was decided once. Run on
demand, never as a test:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuidang_bench \\
        .venv/bin/python benchmarks/bulk_moderation.py

Row locks and deadlocks need PostgreSQL: on SQLite this says so and stops.
Results go to stdout as Markdown for docs/benchmarks.md.
"""

import logging
import os
import random
import threading
import time
from collections import Counter

# Sets Django up: keep it before any import of Django's.
import _django  # noqa: F401

# isort: split

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry, Page

from wagtail_tuidang.models import Statement, StatementTally
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements import tallies, transitions

#: action → share of the moderators taking it
ACTIONS = {"publish": 0.7, "reject": 0.2, "mark_spam": 0.1}
COUNTERS = ("statements", "people", *tallies.COUNTERS[1:])


def setting(name, default):
    return int(os.environ.get(f"BENCH_{name}", default))


def make_page():
    page = StatementIndexPage(title="Bulk bench", slug=f"bulk-{time.time_ns()}")
    Page.get_first_root_node().add_child(instance=page)
    return page


def make_statements(page, count):
    statements = []
    for number in range(count):
        statement = Statement(
            index_page=page,
            name=f"bench{number}",
            quit_party=True,
            quit_youth_league=number % 2 == 0,
            people_count=1 + number % 3,
            region="gd",
        )
        transitions.submit(statement)
        statements.append(statement)
    return statements


def bulk_url(action, statements):
    url = reverse("wagtail_bulk_action", args=["wagtail_tuidang", "statement", action])
    return url + "?" + "&".join(f"id={s.pk}" for s in statements)


def plan(statements, actions, selected, rng):
    """``(client, url, data)`` for each moderator, signed in beforehand."""
    requests = []
    user_model = get_user_model()
    for number in range(actions):
        action = rng.choices(list(ACTIONS), weights=ACTIONS.values())[0]
        user, _created = user_model.objects.get_or_create(
            username=f"bench-moderator-{number}",
            defaults={"is_staff": True, "is_superuser": True},
        )
        # The test client's exception capture is not thread-safe: read the
        # status (a 500 for an error) and the server's deadlock count instead.
        client = Client(raise_request_exception=False)
        client.force_login(user)
        data = {"reason": "unsafe"} if action == "reject" else {}
        url = bulk_url(action, rng.sample(statements, selected))
        requests.append((client, url, data))
    return requests


def post_together(requests):
    """POST each request from its own thread and connection, released
    together; returns the HTTP statuses."""
    barrier = threading.Barrier(len(requests))
    answers = []

    def run(client, url, data):
        try:
            barrier.wait()
            answers.append(f"HTTP {client.post(url, data).status_code}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(answers)


def deadlocks_so_far():
    """Deadlocks PostgreSQL detected in this database (its statistics)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        )
        return cursor.fetchone()[0]


def tally_rows(page):
    rows = StatementTally.objects.filter(index_page_id=page.pk).order_by("day")
    return [
        row for row in rows.values("day", *COUNTERS) if any(row[c] for c in COUNTERS)
    ]


def decided_once(statements):
    """Whether every decided statement has exactly one decision logged."""
    ids = [str(statement.pk) for statement in statements]
    entries = ModelLogEntry.objects.filter(
        object_id__in=ids, action__startswith="wagtail_tuidang."
    ).exclude(action="wagtail_tuidang.submit")
    logged = Counter(entries.values_list("object_id", flat=True))
    decided = Statement.objects.filter(pk__in=ids).exclude(status="pending")
    return all(logged[str(pk)] == 1 for pk in decided.values_list("pk", flat=True))


def main():
    # A failed request is counted, not printed with its traceback.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    if connection.vendor != "postgresql":
        print("\nbulk_moderation: needs PostgreSQL (set DATABASE_URL); skipped.")
        return
    actions, selected = setting("ACTIONS", 50), setting("SELECTED", 30)
    call_command("migrate", verbosity=0)
    page = make_page()
    statements = make_statements(page, setting("POOL", 100))
    requests = plan(statements, actions, selected, random.Random(9))
    before, started = deadlocks_so_far(), time.perf_counter()
    answers = post_together(requests)
    seconds = time.perf_counter() - started
    time.sleep(1)  # statistics reach the server within a second
    deadlocks = deadlocks_so_far() - before
    kept = tally_rows(page)
    tallies.rebuild(page)
    exact = kept == tally_rows(page)
    statuses = Counter(
        Statement.objects.filter(index_page_id=page.pk).values_list("status", flat=True)
    )
    once = decided_once(statements)
    print(f"\n### {actions} bulk actions at once, {selected} statements each\n")
    print("| answer | count |\n|---|---|")
    for answer, count in sorted(answers.items()):
        print(f"| {answer} | {count} |")
    print(f"\nDeadlocks detected by PostgreSQL: {deadlocks}.")
    print(f"Statements now: {dict(sorted(statuses.items()))}.")
    print(f"Tallies equal tallies.rebuild(): {'yes' if exact else 'NO'}.")
    print(f"Each decided statement logged once: {'yes' if once else 'NO'}.")
    print(f"Wall time: {seconds:.1f} s.")


if __name__ == "__main__":
    main()
