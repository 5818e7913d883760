"""Time migration 0017 (registration numbers for statements published before
it) on PostgreSQL. Run on demand, never as a test:

    createdb -h 127.0.0.1 -U postgres tuidang_numbers_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuidang_numbers_bench
    .venv/bin/python benchmarks/registration_backfill.py 1000000

Migrates the database to 0016, fills the statement table with that many
published statements (one INSERT … SELECT; 2 % pending, which the
migration must leave alone), then times ``migrate wagtail_tuidang 0017``
and checks that every published row got a distinct, valid number. The
rows are deleted again at the end.
"""

import sys
import time

from _django import BENCH_DIR  # noqa: F401

# isort: split
from django.core.management import call_command
from django.db import connection

from wagtail_tuidang.statements.registration import is_valid

MIGRATION = "0022_registration_number"
FILL = """
INSERT INTO wagtail_tuidang_statement (
  public_id, name, alias, is_real_name, consent_real_name, real_name_confirmed,
  quit_party, quit_youth_league, quit_young_pioneers, people_count, region, text,
  language, declared_on, status, source, submitted_at, published_at, decided_at,
  public_reason, fingerprint, flag_duplicate, flag_rate_limited, flag_honeypot,
  flag_too_fast, contact_encrypted, index_page_id, internal_note,
  flag_rate_limit_unknown, search_text)
SELECT 'n' || g.i, '名' || g.i, '', false, false, false,
  true, false, false, 1, '', '', 'zh-hans', now()::date,
  CASE WHEN g.i %% 50 = 0 THEN 'pending' ELSE 'published' END, 'web',
  now(), CASE WHEN g.i %% 50 = 0 THEN NULL ELSE now() END, now(),
  '', '', false, false, false, false, '', %s, '', false, ''
FROM generate_series(1, %s) AS g(i)
"""


def main(rows):
    call_command("migrate", verbosity=0)
    call_command("migrate", "wagtail_tuidang", "0016", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM wagtailcore_page ORDER BY id LIMIT 1")
        page_id = cursor.fetchone()[0]
        cursor.execute("TRUNCATE wagtail_tuidang_statement CASCADE")
        started = time.perf_counter()
        cursor.execute(FILL, [page_id, rows])
        cursor.execute("ANALYZE wagtail_tuidang_statement")
        print(f"filled {rows:,} rows in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    call_command("migrate", "wagtail_tuidang", MIGRATION, verbosity=0)
    elapsed = time.perf_counter() - started
    print(f"migration {MIGRATION}: {elapsed:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(registration_number), "
            "count(DISTINCT registration_number) FROM wagtail_tuidang_statement "
            "WHERE status = 'published'"
        )
        published, numbered, distinct = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM wagtail_tuidang_statement "
            "WHERE status <> 'published' AND registration_number IS NOT NULL"
        )
        unpublished_numbered = cursor.fetchone()[0]
        cursor.execute(
            "SELECT registration_number FROM wagtail_tuidang_statement "
            "WHERE registration_number IS NOT NULL ORDER BY random() LIMIT 10000"
        )
        invalid = sum(not is_valid(row[0]) for row in cursor.fetchall())
        print(
            f"published {published:,}, numbered {numbered:,}, distinct "
            f"{distinct:,}; unpublished with a number {unpublished_numbered}; "
            f"invalid in a sample of 10,000: {invalid}"
        )
        cursor.execute("TRUNCATE wagtail_tuidang_statement CASCADE")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
