"""Submissions per second: the plugin's ``submit/`` against Wagtail's form builder.

Runs the example site of a checkout under gunicorn (production settings, with
``benchmarks/submit_bench`` adding a ``wagtail.contrib.forms`` page), on a new
PostgreSQL database and a Redis server this script starts on its own port and
stops afterwards. Both forms sit below the same home page and are served by the
same gunicorn, so one run compares them side by side.

Every form is fetched first, as a browser does (its CSRF cookie and, for the
plugin, its signed render token and proof-of-work challenge, which is solved
here as the browser's widget solves it while the person types), each from
its own client address (``X-Forwarded-For``, one trusted proxy), before the
timed part; then the timed part only sends the filled-in forms, each with
its own name and text and each form once, through ``--concurrency``
connections, alternating between the two forms for ``--rounds`` rounds of
``--seconds`` each. About one POST in twenty re-sends a body that was
already acknowledged (a double click): the plugin must answer "already
received" and store nothing. At the end the rows stored are counted against
the acknowledged responses, and the plugin's flags are counted.

The client is asyncio on raw sockets with request bytes built before the clock
starts (no HTTP library parses anything in the timed part), so that it takes
as little as possible of the CPU the server needs; its own CPU time, the
gunicorn workers' and that of the database and Redis servers are printed.
Usage::

    python benchmarks/submit_load.py --checkout . \\
        --database-url postgres://postgres@127.0.0.1:5432/tuidang_bench_submit
"""

import argparse
import asyncio
import concurrent.futures
import html
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse

import psycopg
from _services import manage, recreate_database

HERE = os.path.dirname(os.path.abspath(__file__))
# Contacts are encrypted to it; nobody holds its private key.
CONTACT_PUBLIC_KEY = "x25519-public:D0qFDknt3eRKkmlbegUh9vUKFY-BnoiQtU8CLNnGP1I="
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RENDERED = re.compile(r'name="rendered" value="([^"]+)"')
CHALLENGE = re.compile(r'<altcha-widget name="altcha" challenge="([^"]+)"')
COOKIE = re.compile(r"^Set-Cookie: csrftoken=([^;]+)", re.MULTILINE | re.IGNORECASE)
RECEIPT = b'class="td-receipt__code"'
AGAIN = b"td-receipt--again"
THANKS = b'class="bench-thanks"'
REGIONS = ["bj", "sh", "gd", "sc", "hb", "ln", "xj", "hk", "tw", ""]
TEXT = (
    "我在此郑重声明退出中国共产党及其相关组织，不再承认其一切。"
    "I hereby quit the Chinese Communist Party and its organisations. "
)

SETUP = """
from home.management.commands.tuidang_demo import Command
from wagtail_tuidang.pages.models import StatementIndexPage
from submit_bench.models import FormField, FormPage

home = Command().ensure_home_page()
wall = home.add_child(instance=StatementIndexPage(title="Statements", slug="wall"))
form = FormPage(title="Form builder", slug="form",
                thank_you_text="<p>Thank you.</p>")
fields = [
    ("Name", "singleline", True, ""),
    ("This is my real name", "checkbox", False, ""),
    ("Alias", "singleline", False, ""),
    ("I quit", "checkboxes", True, "Party\\nYouth League\\nYoung Pioneers"),
    ("Number of people", "number", True, ""),
    ("Region", "dropdown", False, "{regions}"),
    ("Statement", "multiline", False, ""),
    ("Date", "date", False, ""),
    ("Contact", "singleline", False, ""),
]
form.form_fields = [
    FormField(sort_order=i, label=label, field_type=kind, required=required,
              choices=choices)
    for i, (label, kind, required, choices) in enumerate(fields)
]
home.add_child(instance=form)
print(wall.url, form.url, wall.pk, form.pk)
"""


class Site:
    """The example site of a checkout, its database and its own Redis."""

    def __init__(self, args):
        self.args = args
        checkout = os.path.abspath(args.checkout)
        self.cwd = os.path.join(checkout, "example_site")
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([checkout, HERE]),
            "DJANGO_SETTINGS_MODULE": "submit_bench.settings",
            "DJANGO_SECRET_KEY": "submit-benchmark-" + "k" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY": CONTACT_PUBLIC_KEY,
            "DATABASE_URL": args.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/0",
        }
        self.gunicorn = None
        self.redis = None

    def manage(self, *command):
        return manage(self.cwd, self.env, *command)

    def prepare(self):
        """A fresh database with a home page, a wall and a form builder page;
        returns their paths and ids."""
        recreate_database(self.args.database_url)
        self.manage("migrate", "--noinput", "-v", "0")
        setup = SETUP.replace("{regions}", "\\n".join(r for r in REGIONS if r))
        out = self.manage("shell", "-c", setup).splitlines()[-1].split()
        return out[0], out[1], int(out[2]), int(out[3])

    def start_redis(self):
        self.redis = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server"), "--port", str(self.args.redis_port)]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def start(self, workers):
        self.gunicorn = subprocess.Popen(  # noqa: S603
            [
                os.path.join(os.path.dirname(sys.executable), "gunicorn"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.args.port}",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
                "example_site.wsgi:application",
            ],
            cwd=self.cwd,
            env=self.env,
        )
        for _ in range(60):
            time.sleep(1)
            try:
                status, _body, _raw = asyncio.run(fetch(self.args.port, get("/")))
            except OSError:
                continue
            if status:
                return
        raise RuntimeError("gunicorn did not start")

    def worker_cpu(self):
        """CPU seconds used so far by the gunicorn workers."""
        children = f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children"
        with open(children) as file:
            return sum(process_cpu(pid) for pid in file.read().split())

    def service_cpu(self):
        """CPU seconds used so far by this Redis server and by each
        PostgreSQL process of the machine (its server processes are shared:
        on a machine running nothing else, they work for this benchmark), by
        process id: see :func:`used_since`."""
        used = {self.redis.pid: process_cpu(self.redis.pid)}
        for pid in os.listdir("/proc"):
            try:
                with open(f"/proc/{pid}/comm") as file:
                    if file.read().strip() in ("postgres", "postmaster"):
                        used[pid] = process_cpu(pid)
            except OSError:  # not a process, or it ended
                continue
        return used

    def stop(self):
        for process in (self.gunicorn, self.redis):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        self.gunicorn = None


def used_since(before, after):
    """CPU seconds the processes of ``after`` used since ``before`` (both
    from :meth:`Site.service_cpu`): a process that ended in between is left
    out (what it used is no longer known), one that started counts whole."""
    return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items())


def process_cpu(pid):
    """CPU seconds (user and system) used so far by process ``pid``; 0 once
    it has ended."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            fields = file.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


HEADERS = (
    "Host: 127.0.0.1\r\nX-Forwarded-Proto: https\r\nAccept-Language: zh-hans\r\n"
    "Connection: close\r\n"
)


def get(path, cookie=None, address=None):
    extra = f"Cookie: csrftoken={cookie}\r\n" if cookie else ""
    extra += f"X-Forwarded-For: {address}\r\n" if address else ""
    return f"GET {path} HTTP/1.1\r\n{HEADERS}{extra}\r\n".encode()


def post(path, cookie, fields, address=None):
    body = urllib.parse.urlencode(fields, doseq=True).encode()
    extra = f"X-Forwarded-For: {address}\r\n" if address else ""
    head = (
        f"POST {path} HTTP/1.1\r\n{HEADERS}{extra}Cookie: csrftoken={cookie}\r\n"
        f"Origin: https://127.0.0.1\r\nReferer: https://127.0.0.1{path}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def fetch(port, request):
    """``(status, body, raw response)`` of one request on a new connection
    (gunicorn's sync workers close it after each response)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    raw = await reader.read(-1)
    writer.close()
    head, _sep, body = raw.partition(b"\r\n\r\n")
    status = int(head[9:12]) if head.startswith(b"HTTP/") else 0
    return status, body, head


class Form:
    """One rendered form of one system: its path, cookie and hidden fields,
    the address it was fetched from and, for the plugin, its proof-of-work
    challenge (JSON)."""

    def __init__(self, path, cookie, hidden, address=None, challenge=None):
        self.path, self.cookie, self.hidden = path, cookie, hidden
        self.address, self.challenge = address, challenge


def address(n):
    """The client address of form ``n``: each its own address and /24."""
    return f"10.{n // 250 % 250 + 1}.{n % 250 + 1}.7"


async def load_forms(port, path, count, concurrency, first=0):
    async def one(n):
        status, body, head = await fetch(port, get(path, address=address(n)))
        page = body.decode()
        if status != 200 or not CSRF.search(page):
            raise RuntimeError(f"{path} answered {status}")
        hidden = {"csrfmiddlewaretoken": html.unescape(CSRF.search(page)[1])}
        if RENDERED.search(page):
            hidden["rendered"] = html.unescape(RENDERED.search(page)[1])
        challenge = CHALLENGE.search(page)
        return Form(
            path,
            COOKIE.search(head.decode())[1],
            hidden,
            address(n),
            html.unescape(challenge[1]) if challenge else None,
        )

    forms = []
    for start in range(first, first + count, concurrency):
        batch = [one(n) for n in range(start, min(start + concurrency, first + count))]
        forms += await asyncio.gather(*batch)
    return forms


def solve(challenge_json):
    """The widget's ``altcha`` payload for a challenge: the same search
    (PBKDF2/SHA-256 until the key has the prefix) that the browser runs."""
    import altcha

    challenge = altcha.Challenge.from_dict(json.loads(challenge_json))
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


def solve_all(forms):
    """Solve the challenge of every form that has one, on every core (before
    the clock starts, as people's browsers solve while they type)."""
    todo = [form for form in forms if form.challenge]
    with concurrent.futures.ProcessPoolExecutor() as pool:
        payloads = pool.map(solve, [form.challenge for form in todo])
        for form, payload in zip(todo, payloads, strict=True):
            form.hidden["altcha"] = payload


def statement_body(form, n, builder):
    """What a person types, as the form of ``form`` names its fields."""
    name = f"望舒{n}"
    region = REGIONS[n % len(REGIONS)]
    text = f"{TEXT}{n}"
    if builder:
        return {
            **form.hidden,
            "name": name,
            "i_quit": ["Party", "Youth League"],
            "number_of_people": "1",
            "region": region,
            "statement": text,
            "date": "",
            "contact": "",
        }
    return {
        **form.hidden,
        "name": name,
        "organisations": ["party", "youth_league"],
        "people_count": "1",
        "region": region,
        "text": text,
        "declared_on": "",
        "contact": "",
        "website": "",
    }


class Round:
    def __init__(self):
        self.latencies = []
        self.outcomes = {}
        self.acknowledged = 0
        self.resent_ok = 0

    def count(self, outcome):
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


class Requests:
    """The filled-in forms of one system as request bytes, each sent once;
    once all were sent, they are sent again (counted in :attr:`reused`: a
    form sent again with other words is stored, flagged "form used
    before")."""

    def __init__(self, forms, builder, numbers):
        self.requests = [
            post(form.path, form.cookie, statement_body(form, n, builder), form.address)
            for form, n in zip(forms, numbers, strict=False)  # numbers: endless
        ]
        self.next = 0
        self.reused = 0

    def take(self):
        request = self.requests[self.next % len(self.requests)]
        self.reused += self.next >= len(self.requests)
        self.next += 1
        return request


async def timed_round(port, requests, builder, seconds, concurrency):
    """Send forms for ``seconds`` through ``concurrency`` connections."""
    result = Round()
    sent = []  # acknowledged request bytes, candidates for a resend
    deadline = time.monotonic() + seconds

    async def client():
        while time.monotonic() < deadline:
            resend = bool(sent) and random.random() < 0.05
            request = random.choice(sent) if resend else requests.take()
            started = time.perf_counter()
            try:
                status, body, _head = await fetch(port, request)
            except OSError:
                result.count("connection error")
                continue
            result.latencies.append(time.perf_counter() - started)
            if builder and status == 200 and THANKS in body:
                outcome = "thanks"
            elif status == 200 and RECEIPT in body:
                outcome = "receipt"
            elif status == 200 and AGAIN in body:
                outcome = "already received"
            else:
                outcome = f"HTTP {status}"
            result.count(("resend " if resend else "") + outcome)
            if not resend and outcome in ("thanks", "receipt"):
                result.acknowledged += 1
                sent.append(request)

    started = time.monotonic()
    await asyncio.gather(*[client() for _ in range(concurrency)])
    result.elapsed = time.monotonic() - started
    return result


def count_rows(database_url, wall_id, form_id):
    with psycopg.connect(database_url) as connection:
        statements = connection.execute(
            "SELECT count(*) FROM wagtail_tuidang_statement WHERE index_page_id = %s",
            [wall_id],
        ).fetchone()[0]
        submissions = connection.execute(
            "SELECT count(*) FROM wagtailforms_formsubmission WHERE page_id = %s",
            [form_id],
        ).fetchone()[0]
    return statements, submissions


def load():
    with open("/proc/loadavg") as file:
        return " ".join(file.read().split()[:3])


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))] * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkout", default=os.path.dirname(HERE))
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/tuidang_bench_submit",
    )
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--port", type=int, default=8391)
    parser.add_argument("--workers", default="2,4", help="comma separated")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--forms", type=int, default=600, help="rendered per system and gunicorn"
    )
    args = parser.parse_args()

    site = Site(args)
    site.start_redis()
    try:
        wall, form, wall_id, form_id = site.prepare()
        report(args, site, wall, form, wall_id, form_id)
    finally:
        site.stop()
        if site.redis is not None and site.redis.poll() is None:
            site.redis.terminate()


def report(args, site, wall, form, wall_id, form_id):
    systems = [
        ("Wagtail form builder", form, True),
        ("plugin submit/", wall + "submit/", False),
    ]
    numbers = iter(range(10**9))
    firsts = iter(range(0, 10**9, args.forms))  # each form its own address
    totals = {name: [0, 0] for name, _p, _b in systems}  # acknowledged, resent ok
    print(f"Checkout {os.path.abspath(args.checkout)}; load average before: {load()}")
    print()
    print(
        "| gunicorn | system | round | POST/s | p50 ms | p95 ms | worker CPU ms/POST"
        " | client CPU ms/POST | database and Redis CPU ms/POST | outcomes"
        " | load average |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    best = {}
    for workers in [int(w) for w in args.workers.split(",")]:
        site.start(workers)
        try:
            pools = {}
            for name, path, builder in systems:
                forms = asyncio.run(
                    load_forms(args.port, path, args.forms, 8, next(firsts))
                )
                solve_all(forms)
                pools[name] = Requests(forms, builder, numbers)
            time.sleep(3)  # forms older than MIN_FILL_SECONDS, as people's are
            for number in range(args.rounds):
                order = systems if number % 2 == 0 else systems[::-1]
                for name, _path, builder in order:
                    cpu, services, client = (
                        site.worker_cpu(),
                        site.service_cpu(),
                        resource.getrusage(resource.RUSAGE_SELF),
                    )
                    reused = pools[name].reused
                    result = asyncio.run(
                        timed_round(
                            args.port,
                            pools[name],
                            builder,
                            args.seconds,
                            args.concurrency,
                        )
                    )
                    used = site.worker_cpu() - cpu
                    services = used_since(services, site.service_cpu())
                    after = resource.getrusage(resource.RUSAGE_SELF)
                    client_cpu = (after.ru_utime + after.ru_stime) - (
                        client.ru_utime + client.ru_stime
                    )
                    posts = len(result.latencies)
                    rate = posts / result.elapsed
                    totals[name][0] += result.acknowledged
                    totals[name][1] += result.outcomes.get("resend thanks", 0)
                    best.setdefault((workers, name), []).append(rate)
                    if pools[name].reused > reused:
                        result.count("form sent again")
                        result.outcomes["form sent again"] = pools[name].reused - reused
                    outcomes = ", ".join(
                        f"{k} {v}" for k, v in sorted(result.outcomes.items())
                    )
                    print(
                        f"| {workers} sync | {name} | {number + 1} | {rate:.0f} | "
                        f"{percentile(result.latencies, 0.5):.1f} | "
                        f"{percentile(result.latencies, 0.95):.1f} | "
                        f"{used * 1000 / posts:.2f} | "
                        f"{client_cpu * 1000 / posts:.2f} | "
                        f"{services * 1000 / posts:.2f} | {outcomes} | {load()} |",
                        flush=True,
                    )
        finally:
            site.gunicorn.terminate()
            site.gunicorn.wait(timeout=30)
    statements, submissions = count_rows(args.database_url, wall_id, form_id)
    flags = count_flags(args.database_url, wall_id)
    print()
    for (workers, name), rates in best.items():
        print(
            f"- {workers} sync workers, {name}: median {statistics.median(rates):.0f}"
            f" POST/s over {len(rates)} rounds"
        )
    for (workers, _n), _r in list(best.items())[::2]:
        builder = statistics.median(best[(workers, systems[0][0])])
        plugin = statistics.median(best[(workers, systems[1][0])])
        print(
            f"- {workers} sync workers: plugin ÷ form builder = {plugin / builder:.2f}"
        )
    ok = statements == totals[systems[1][0]][0]
    print(
        f"- plugin: {statements} statements stored for "
        f"{totals[systems[1][0]][0]} receipts shown: "
        f"{'each stored exactly once' if ok else 'MISMATCH'}"
    )
    acknowledged, resent = totals[systems[0][0]]
    ok_b = submissions == acknowledged + resent
    print(
        f"- form builder: {submissions} submissions stored for "
        f"{acknowledged} thank-you pages and {resent} resends thanked again: "
        f"{'each send stored' if ok_b else 'MISMATCH'} (it has no resend check:"
        " a resent form is stored again)"
    )
    print(
        "- plugin statements flagged: "
        + (", ".join(f"{flag[5:]} {n}" for flag, n in flags.items() if n) or "none")
    )


def count_flags(database_url, wall_id):
    """How many of the wall's statements carry each flag."""
    with psycopg.connect(database_url) as connection:
        columns = [
            row[0]
            for row in connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE "
                "table_name = 'wagtail_tuidang_statement' AND column_name LIKE "
                "'flag%' ORDER BY column_name"
            )
        ]
        counts = ", ".join(f"count(*) FILTER (WHERE {c})" for c in columns)
        row = connection.execute(
            # Column names from the database's own catalogue.
            f"SELECT {counts} FROM wagtail_tuidang_statement "  # noqa: S608
            "WHERE index_page_id = %s",
            [wall_id],
        ).fetchone()
    return dict(zip(columns, row, strict=True))


if __name__ == "__main__":
    main()
