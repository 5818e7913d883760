"""A flood of honest-looking statements: how many reach the moderation
queue unflagged (the goal: at most 5 of each 1,000).

Runs a checkout's example site under gunicorn with its own Redis and a new
PostgreSQL database (as ``submit_load.py`` does), the client address taken
from ``X-Forwarded-For``. Each scenario sends 1,000 POSTs that a person could
have sent (a real name field, organisations, a text, each one different), on
a fresh database and Redis:

- ``replay``: one client fetches one form and sends it 1,000 times (the
  render-token replay);
- ``one-client``: one client fetches a fresh form for every statement;
- ``one-64``: 50 addresses inside one IPv6 /64, each fetching fresh forms.

Forms are fetched before the clock starts and sent once the minimum fill
time has passed. The attacker solves no proof of work: a solving attacker is
still held by the limits, and pays the solve time measured by
``pow_solve.py``. Then five honest people (each their own address and /24,
each solving the form's challenge as the browser widget would) send one
statement each: all must be stored unflagged. Counted in the database:
statements stored, pending, published (must be 0) and unflagged (what the
queue's default view shows first). Usage::

    python benchmarks/flood.py --checkout . \\
        --database-url postgres://postgres@127.0.0.1:5432/wt_flood_bench
"""

import argparse
import asyncio
import html
import os
import re
import time

import psycopg
import submit_load
from submit_load import CSRF, RENDERED, Site, fetch, get, post, statement_body

CHALLENGE = re.compile(r'<altcha-widget name="altcha" challenge="([^"]+)"')
FLAGS = (
    "flag_duplicate",
    "flag_rate_limited",
    "flag_rate_limit_unknown",
    "flag_honeypot",
    "flag_too_fast",
    "flag_no_proof",
    "flag_replayed",
    "flag_flood",
)


def from_address(request, address):
    head, sep, body = request.partition(b"\r\n\r\n")
    return head + f"\r\nX-Forwarded-For: {address}".encode() + sep + body


async def fetch_form(port, path, address):
    status, body, head = await fetch(port, from_address(get(path), address))
    page = body.decode()
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    cookie = submit_load.COOKIE.search(head.decode())[1]
    hidden = {"csrfmiddlewaretoken": html.unescape(CSRF.search(page)[1])}
    hidden["rendered"] = html.unescape(RENDERED.search(page)[1])
    challenge = CHALLENGE.search(page)
    form = submit_load.Form(path, cookie, hidden)
    form.challenge = html.unescape(challenge[1]) if challenge else None
    return form


def solve(challenge_json):
    import json

    import altcha

    challenge = altcha.Challenge.from_dict(json.loads(challenge_json))
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


async def send_all(port, sends, concurrency):
    """``sends``: [(form, body, address)]; the statuses, in order."""
    semaphore = asyncio.Semaphore(concurrency)

    async def one(form, body, address):
        async with semaphore:
            request = from_address(post(form.path, form.cookie, body), address)
            status, _body, _head = await fetch(port, request)
            return status

    return await asyncio.gather(*(one(*send) for send in sends))


def addresses(scenario, count):
    if scenario == "one-64":
        return [f"2001:db8:5:7::{n % 50 + 1:x}" for n in range(count)]
    return ["203.0.113.9"] * count


async def flood(port, wall, scenario, count, concurrency):
    sources = addresses(scenario, count)
    if scenario == "replay":
        form = await fetch_form(port, wall + "submit/", sources[0])
        forms = [form] * count
    else:
        forms = []
        for start in range(0, count, concurrency):
            batch = sources[start : start + concurrency]
            forms += await asyncio.gather(
                *(fetch_form(port, wall + "submit/", address) for address in batch)
            )
    time.sleep(4)  # past the minimum fill time, as a patient bot waits
    sends = [
        (form, statement_body(form, n, builder=False), address)
        for n, (form, address) in enumerate(zip(forms, sources, strict=True))
    ]
    started = time.perf_counter()
    statuses = await send_all(port, sends, concurrency)
    return statuses, time.perf_counter() - started


async def honest(port, wall, people=5):
    """Five people, each their own network, each solving the proof while
    filling the form in (longer than the minimum fill time)."""
    sends = []
    for n in range(people):
        address = f"198.51.{100 + n}.{10 + n}"
        form = await fetch_form(port, wall + "submit/", address)
        body = statement_body(form, 10_000 + n, builder=False)
        body["name"] = f"诚实的人{n}"
        if form.challenge:
            body["altcha"] = solve(form.challenge)
        sends.append((form, body, address))
    time.sleep(4)
    return await send_all(port, sends, 1)


def figures(database_url):
    unflagged = " AND ".join(f"NOT {flag}" for flag in FLAGS_PRESENT)
    with psycopg.connect(database_url) as connection:
        # Column names from the fixed FLAGS list, no outside input.
        query = (
            "SELECT count(*), count(*) FILTER (WHERE status = 'pending'),"  # noqa: S608
            " count(*) FILTER (WHERE status = 'published'),"
            f" count(*) FILTER (WHERE status = 'pending' AND {unflagged}),"
            f" count(*) FILTER (WHERE name LIKE '诚实的人%%' AND {unflagged})"
            " FROM wagtail_tuidang_statement"
        )
        row = connection.execute(query).fetchone()
    return dict(
        zip(("stored", "pending", "published", "unflagged", "honest"), row, strict=True)
    )


FLAGS_PRESENT = list(FLAGS)


def present_flags(database_url):
    with psycopg.connect(database_url) as connection:
        columns = connection.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'wagtail_tuidang_statement'"
        ).fetchall()
    names = {column for (column,) in columns}
    return [flag for flag in FLAGS if flag in names]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkout", default=".")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--port", type=int, default=8763)
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument(
        "--scenarios", nargs="+", default=["replay", "one-client", "one-64"]
    )
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    for scenario in args.scenarios:
        site = Site(args)
        site.env["DJANGO_SETTINGS_MODULE"] = "flood_settings"
        wall, _form, _wall_id, _form_id = site.prepare()
        FLAGS_PRESENT[:] = present_flags(args.database_url)
        site.start_redis()
        try:
            site.start(args.workers)
            statuses, seconds = asyncio.run(
                flood(args.port, wall, scenario, args.count, args.concurrency)
            )
            honest_statuses = asyncio.run(honest(args.port, wall))
        finally:
            site.stop()
        counts = figures(args.database_url)
        answered = {status: statuses.count(status) for status in set(statuses)}
        print(
            f"{scenario}: {args.count} POSTs in {seconds:.1f} s, answers {answered};"
            f" stored {counts['stored']}, pending {counts['pending']},"
            f" published {counts['published']},"
            f" unflagged {counts['unflagged'] - counts['honest']} of the flood;"
            f" honest {counts['honest']}/5 unflagged"
            f" (answers {honest_statuses}); load {os.getloadavg()}",
            flush=True,
        )


if __name__ == "__main__":
    main()
