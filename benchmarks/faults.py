"""Stop Redis, then PostgreSQL, for real under a stream of honest visitors.

Runs a checkout's example site under gunicorn with its production settings,
on a PostgreSQL cluster and a Redis of its own (never the shared ones), and
counts, phase by phase, what readers and people submitting statements get:
200s, 500s, 503s, connection errors, receipts shown, and at the end the rows
stored against the receipts acknowledged (a lost statement or one stored
twice shows there).

A "person" loads the form, reads two pages, then sends it; on anything but
a receipt they send the same form again after two seconds, up to three
times, as people do. Usage (a cluster and a Redis started beforehand)::

    pg_createcluster 15 wtfaults -p 5499 && pg_ctlcluster 15 wtfaults start
    su postgres -c "psql -p 5499 -c \\"ALTER USER postgres PASSWORD 'faults'\\""
    redis-server --port 6399 --daemonize yes --save ""
    python benchmarks/faults.py --checkout . --cluster "15 wtfaults" \\
        --database-url postgres://postgres:faults@127.0.0.1:5499/faults \\
        --redis-port 6399
"""

import argparse
import collections
import html
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import psycopg
from _services import manage, recreate_database

FERNET_KEY = "ilu9TtxnLdPodbXcrFDijxigHPtxc2tavEf8oFXYNFg="
# Contacts are encrypted to it; nobody holds its private key.
CONTACT_PUBLIC_KEY = "x25519-public:D0qFDknt3eRKkmlbegUh9vUKFY-BnoiQtU8CLNnGP1I="
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RENDERED = re.compile(r'name="rendered" value="([^"]+)"')
RECEIPT = re.compile(r'class="td-receipt__code"')


class Site:
    """The example site of ``checkout`` under gunicorn."""

    def __init__(self, args):
        self.args = args
        self.port = args.port
        self.env = {
            **os.environ,
            "PYTHONPATH": os.path.abspath(args.checkout),
            "DJANGO_SETTINGS_MODULE": "example_site.settings.production",
            "DJANGO_SECRET_KEY": "faults-benchmark-" + "k" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAIL_TUIDANG_CONTACT_KEYS": FERNET_KEY,
            "WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY": CONTACT_PUBLIC_KEY,
            "DATABASE_URL": args.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/0",
        }
        self.cwd = os.path.join(args.checkout, "example_site")

    def manage(self, *command):
        return manage(self.cwd, self.env, *command)

    def prepare(self):
        """A fresh database (the one named in the URL) with a home page and a
        wall; returns the wall's path."""
        recreate_database(self.args.database_url)
        self.manage("migrate", "--noinput", "-v", "0")
        # The demo's home page and one statement wall: enough to read and
        # submit, and much quicker than the whole demo.
        return self.manage(
            "shell",
            "-c",
            "from home.management.commands.tuidang_demo import Command;"
            "from wagtail_tuidang.pages.models import StatementIndexPage as P;"
            "home = Command().ensure_home_page();"
            "page = home.add_child(instance=P(title='Statements', slug='wall'));"
            "print(page.url)",
        ).splitlines()[-1]  # after the shell's own notices

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                os.path.join(os.path.dirname(sys.executable), "gunicorn"),
                "--workers",
                "2",
                "--threads",
                "2",
                "--timeout",
                "30",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "example_site.wsgi:application",
            ],
            cwd=self.cwd,
            env=self.env,
        )
        for _ in range(60):
            if Visitor(self.port).request("/")[0] != "error":
                return
            time.sleep(1)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Visitor:
    """One browser: cookies, and the headers an HTTPS proxy would add."""

    def __init__(self, port, language="zh-hans"):
        self.port = port
        self.language = language
        self.base = f"http://127.0.0.1:{port}"
        self.origin = f"https://127.0.0.1:{port}"
        # Cookies by hand: the site's are Secure, and this is plain HTTP
        # behind a pretend HTTPS proxy, where a cookie jar would drop them.
        self.cookies = {}

    def _keep_cookies(self, headers):
        for header in headers.get_all("Set-Cookie") or []:
            name, _sep, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()

    def headers(self, path):
        """What this browser sends, through the proxy, with a request of
        ``path``."""
        return {
            "X-Forwarded-Proto": "https",
            "Origin": self.origin,
            "Referer": self.origin + path,
            "Accept-Language": self.language,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }

    def request(self, path, data=None):
        """``(status, body)``; status ``"error"`` if no answer came."""
        request = urllib.request.Request(  # noqa: S310 - our own http URL
            self.base + path,
            data=urllib.parse.urlencode(data, doseq=True).encode() if data else None,
            headers=self.headers(path),
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
                self._keep_cookies(response.headers)
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            self._keep_cookies(error.headers)
            return error.code, error.read().decode(errors="replace")
        except OSError:
            return "error", ""


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.phase = "start"
        self.figures = collections.defaultdict(collections.Counter)
        self.receipts = collections.Counter()  # name -> receipts shown
        self.sent = set()

    def count(self, what, outcome):
        with self.lock:
            self.figures[self.phase][f"{what} {outcome}"] += 1


def load_form(visitor, wall, name, counter):
    """The form as a person fills it in, or None if it did not load."""
    status, page = visitor.request(wall + "submit/")
    counter.count("form", status)
    if status != 200 or not CSRF.search(page):
        return None
    return {
        "csrfmiddlewaretoken": html.unescape(CSRF.search(page).group(1)),
        "rendered": html.unescape(RENDERED.search(page).group(1)),
        "name": name,
        "organisations": ["party"],
        "people_count": "1",
        "text": "我声明退出中共及其相关组织。",
        "website": "",
        "contact": "",
    }


def send(visitor, wall, data, counter):
    """Send a filled form; on anything but a receipt, send the same form
    again two seconds later, three tries in all."""
    with counter.lock:
        counter.sent.add(data["name"])
    for _attempt in range(3):
        status, answer = visitor.request(wall + "submit/", data)
        receipt = status == 200 and bool(RECEIPT.search(answer))
        counter.count("post", "receipt" if receipt else status)
        if receipt:
            with counter.lock:
                counter.receipts[data["name"]] += 1
            return
        time.sleep(2)


def visitor_loop(port, wall, run_id, number, counter, stop):
    """Read two pages, send the form loaded last time round (so forms
    loaded before an outage are sent during it), load the next one."""
    visitor = Visitor(port)
    sequence = 0
    form = None
    while not stop.is_set():
        for path in ("/", wall):
            status, _body = visitor.request(path)
            counter.count("read", status)
        if form:
            send(visitor, wall, form, counter)
        sequence += 1
        name = f"faults-{run_id}-{number}-{sequence}"
        form = load_form(visitor, wall, name, counter)
        if form is None:
            time.sleep(1)


def outage(args, counter):
    """The phases: calm, Redis stopped, calm, PostgreSQL stopped, calm."""
    seconds = args.seconds
    cluster = ["pg_ctlcluster", *args.cluster.split()]
    for phase, stop, start in (
        ("calm", None, None),
        (
            "redis down",
            ["redis-cli", "-p", str(args.redis_port), "shutdown", "nosave"],
            [
                "redis-server",
                "--port",
                str(args.redis_port),
                "--daemonize",
                "yes",
                "--save",
                "",
            ],
        ),
        ("after redis", None, None),
        (
            "postgres down",
            [*cluster, "stop", "-m", "fast"],
            [*cluster, "start"],
        ),
        ("after postgres", None, None),
    ):
        counter.phase = phase
        if stop:
            subprocess.run(stop, check=False, capture_output=True)  # noqa: S603
        time.sleep(seconds if stop else seconds / 2)
        if start:
            subprocess.run(start, check=False, capture_output=True)  # noqa: S603


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkout", default=".")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--cluster", required=True, help='e.g. "15 wtfaults"')
    parser.add_argument("--redis-port", type=int, default=6399)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--visitors", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()

    site = Site(args)
    wall = site.prepare()
    site.start()
    counter = Counter()
    stop = threading.Event()
    run_id = int(time.time())
    threads = [
        threading.Thread(
            target=visitor_loop, args=(args.port, wall, run_id, n, counter, stop)
        )
        for n in range(args.visitors)
    ]
    try:
        for thread in threads:
            thread.start()
        outage(args, counter)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        site.stop()
    report(args, counter, run_id)


def report(args, counter, run_id):
    for phase, figures in counter.figures.items():
        print(f"{phase:15}", ", ".join(f"{k}: {v}" for k, v in sorted(figures.items())))
    with psycopg.connect(args.database_url) as connection:
        rows = dict(
            connection.execute(
                "SELECT name, count(*) FROM wagtail_tuidang_statement "
                "WHERE name LIKE %s GROUP BY name",
                [f"faults-{run_id}-%"],
            ).fetchall()
        )
    acknowledged = set(counter.receipts)
    print(f"people who sent a form: {len(counter.sent)}")
    print(
        f"receipts shown: {sum(counter.receipts.values())} "
        f"to {len(acknowledged)} people"
    )
    print(f"rows stored: {sum(rows.values())} for {len(rows)} people")
    print(f"acknowledged but not stored: {len(acknowledged - set(rows))}")
    print(
        f"stored more than once: {sum(1 for n in rows.values() if n > 1)} people, "
        f"{sum(n - 1 for n in rows.values() if n > 1)} extra rows"
    )
    print(f"stored without a receipt shown: {len(set(rows) - acknowledged)}")


if __name__ == "__main__":
    main()
