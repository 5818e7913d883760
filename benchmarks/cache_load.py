"""Whole-page caching under load: the example site under gunicorn, read
directly and through an nginx cache in front of it, with submissions and
moderation decisions (and so purges) in between.

Prints, as Markdown for docs/benchmarks.md, per run: requests per second,
median and 95th percentile latency, errors, the cache's hit ratio (from
nginx's ``X-Cache-Status``), statements submitted and published, and how
often a statement just published was on the cached wall and permalink at
once (what the purges are for).

Needs nginx with ngx_cache_purge (Debian: ``nginx-light
libnginx-mod-http-cache-purge``), PostgreSQL and a Redis of its own::

    redis-server --port 6391 --daemonize yes --save ""
    python benchmarks/cache_load.py \\
        --database-url postgres://postgres@127.0.0.1:5432/wt_purges_load \\
        --redis-port 6391 --duration 60

It stops nginx and gunicorn when it ends; it drops nothing but the database
it names (dropped and made again at the start).
"""

import argparse
import collections
import html
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

import _services

ROOT = Path(__file__).resolve().parent.parent
FERNET_KEY = "ilu9TtxnLdPodbXcrFDijxigHPtxc2tavEf8oFXYNFg="
CONTACT_PUBLIC_KEY = "x25519-public:D0qFDknt3eRKkmlbegUh9vUKFY-BnoiQtU8CLNnGP1I="
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RENDERED = re.compile(r'name="rendered" value="([^"]+)"')
LINK = re.compile(r'href="(/[^"#]*)"')

NGINX_CONF = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log crit;
load_module /usr/lib/nginx/modules/ngx_http_cache_purge_module.so;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    proxy_cache_path {dir}/cache levels=1:2 keys_zone=pages:10m max_size=256m
                     inactive=10m use_temp_path=off;
    upstream django {{ server 127.0.0.1:{app_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        # Purges from the site's own task workers only. (In the location
        # below, ngx_cache_purge 2.3's one-line form crashes nginx 1.22.)
        location ~ ^/_purge(/.*)$ {{
            internal;
            allow 127.0.0.1;
            deny all;
            proxy_cache_purge pages $host$1$is_args$args;
        }}
        location / {{
            if ($request_method = PURGE) {{ rewrite ^ /_purge$uri last; }}
            proxy_pass http://django;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_cache pages;
            proxy_cache_key $host$request_uri;
            proxy_cache_valid 200 301 302 {ttl}s;
            proxy_cache_valid 404 10s;
            proxy_cache_lock on;
            proxy_cache_use_stale updating error timeout http_500 http_502 http_503;
            # A signed-in editor's pages are theirs: never stored, never served
            # from the cache (Django also marks them private).
            proxy_cache_bypass $cookie_sessionid;
            proxy_no_cache $cookie_sessionid;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
"""


def environment(args):
    return {
        **os.environ,
        "PYTHONPATH": f"{ROOT}:{ROOT / 'example_site'}:{ROOT / 'benchmarks'}",
        "DJANGO_SETTINGS_MODULE": "cache_settings",
        "DJANGO_SECRET_KEY": "cache-benchmark-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAIL_TUIDANG_CONTACT_KEYS": FERNET_KEY,
        "WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY": CONTACT_PUBLIC_KEY,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/0",
        "PURGE_LOCATION": f"http://127.0.0.1:{args.nginx_port}",
    }


def manage(env, *command):
    return _services.manage(ROOT / "example_site", env, *command)


def prepare(args, env):
    """A fresh database with the demo content (articles, walls, statements)."""
    _services.recreate_database(args.database_url)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "tuidang_demo")
    manage(env, "tuidang_setup")


def start(command, env, cwd, port):
    process = subprocess.Popen(command, cwd=cwd, env=env)  # noqa: S603
    for _ in range(60):
        try:
            fetch(port, "/zh-hans/")
            return process
        except OSError:
            time.sleep(1)
    process.terminate()
    raise RuntimeError(f"{command[0]} did not start")


def fetch(port, path, connection=None, headers=None, body=None):
    """``(status, headers, text)`` of one request (on ``connection`` if
    given, kept alive)."""
    own = connection is None
    connection = connection or HTTPConnection("127.0.0.1", port, timeout=30)
    all_headers = {
        "Host": "localhost",
        "X-Forwarded-Proto": "https",
        "Accept-Language": "zh-hans",
        **(headers or {}),
    }
    connection.request("POST" if body else "GET", path, body=body, headers=all_headers)
    response = connection.getresponse()
    text = response.read().decode(errors="replace")
    if own:
        connection.close()
    return response.status, response, text


def discover(port):
    """The read URLs of the mixed load: each page type, with its weight."""
    _status, _r, home = fetch(port, "/zh-hans/")
    _status, _r, wall = fetch(port, "/zh-hans/statements/")
    _status, _r, news = fetch(port, "/zh-hans/news/")
    permalinks = sorted(set(re.findall(r'href="(/zh-hans/statements/s/[^"]+/)"', wall)))
    articles = sorted(
        {
            link
            for link in LINK.findall(news)
            if re.match(r"^/zh-hans/news/[^/?]+/$", link)
        }
        - {"/zh-hans/news/feed/"}
    )
    days = sorted(set(re.findall(r'href="(\?day=[0-9-]+)"', wall)))
    older = re.search(r'href="(\?cursor=[^"]+)"', wall)
    mix = [
        ("/zh-hans/", 10),
        ("/zh-hans/statements/", 15),
        ("/zh-hans/statements/stats/", 5),
        ("/zh-hans/statements/days/", 3),
        ("/zh-hans/statements/feed/", 3),
        ("/zh-hans/news/", 8),
        ("/zh-hans/news/feed/", 2),
        *((link, 20 / len(articles)) for link in articles),
        *((link, 20 / len(permalinks)) for link in permalinks),
        *(("/zh-hans/statements/" + day, 4 / len(days)) for day in days),
    ]
    if older:
        mix.append(("/zh-hans/statements/" + html.unescape(older.group(1)), 4))
    return mix, len(home)


class Run:
    def __init__(self, port, mix, duration, threads):
        self.port, self.mix, self.duration, self.threads = port, mix, duration, threads
        self.latencies = []
        self.outcomes = collections.Counter()
        self.cache = collections.Counter()
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def reader(self, seed):
        rng = random.Random(seed)
        paths, weights = zip(*self.mix, strict=True)
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        while not self.stop.is_set():
            path = rng.choices(paths, weights)[0]
            began = time.perf_counter()
            try:
                status, response, _text = fetch(self.port, path, connection)
            except OSError:
                connection.close()
                connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
                status, response = "error", None
            elapsed = time.perf_counter() - began
            with self.lock:
                self.latencies.append(elapsed)
                self.outcomes[status] += 1
                if response is not None:
                    self.cache[response.getheader("X-Cache-Status") or "-"] += 1

    def go(self, writer):
        workers = [
            threading.Thread(target=self.reader, args=(seed,))
            for seed in range(self.threads)
        ]
        writer_thread = threading.Thread(target=writer, args=(self,))
        began = time.perf_counter()
        for thread in [*workers, writer_thread]:
            thread.start()
        time.sleep(self.duration)
        self.stop.set()
        for thread in [*workers, writer_thread]:
            thread.join()
        self.elapsed = time.perf_counter() - began


class Writer:
    """Every ``interval`` seconds: one statement sent through the form (as a
    person does, through the same port as the readers), then published by a
    moderator (in this process, which sends the purges), then the wall and
    its permalink read back through the same port."""

    def __init__(self, port, interval):
        self.port, self.interval = port, interval
        self.sent = self.published = self.fresh_wall = self.fresh_permalink = 0

    def __call__(self, run):
        number = 0
        while not run.stop.wait(self.interval):
            number += 1
            name = f"缓存测试{os.getpid()}-{self.port}-{number}"
            if self.submit(name):
                self.sent += 1
                self.decide(name)

    def submit(self, name):
        status, response, text = fetch(self.port, "/zh-hans/statements/submit/")
        if status != 200 or not CSRF.search(text):
            return False
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        time.sleep(3.2)  # the form's minimum fill time
        fields = {
            "csrfmiddlewaretoken": html.unescape(CSRF.search(text).group(1)),
            "rendered": html.unescape(RENDERED.search(text).group(1)),
            "name": name,
            "organisations": ["party"],
            "people_count": "1",
            "region": "gd",
            "text": "我声明退出中共及其相关组织。",
            "website": "",
            "contact": "",
        }
        status, _response, _text = fetch(
            self.port,
            "/zh-hans/statements/submit/",
            headers={
                "Cookie": cookie,
                "Origin": "https://localhost",
                "Referer": "https://localhost/zh-hans/statements/submit/",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            body=urllib.parse.urlencode(fields, doseq=True),
        )
        return status == 200

    def decide(self, name):
        from wagtail_tuidang.models import Statement
        from wagtail_tuidang.statements import transitions

        statement = Statement.objects.filter(name=name).first()
        if statement is None:
            return
        transitions.publish(statement)  # purges inline (immediate tasks)
        self.published += 1
        _status, _r, wall = fetch(self.port, "/zh-hans/statements/")
        self.fresh_wall += name in wall
        status, _r, _text = fetch(
            self.port, f"/zh-hans/statements/s/{statement.public_id}/"
        )
        self.fresh_permalink += status == 200


def report(label, run, writer):
    total = sum(run.outcomes.values())
    hits = run.cache["HIT"] + run.cache["UPDATING"] + run.cache["STALE"]
    cached = sum(v for k, v in run.cache.items() if k != "-")
    ratio = f"{100 * hits / cached:.1f} %" if cached else "—"
    latencies = sorted(run.latencies)
    errors = total - run.outcomes[200]
    fresh = (
        f"{writer.fresh_wall}/{writer.published}, {writer.fresh_permalink}/"
        f"{writer.published}"
    )
    return (
        f"| {label} | {total / run.elapsed:.1f} | "
        f"{1000 * statistics.median(latencies):.1f} | "
        f"{1000 * latencies[int(0.95 * len(latencies))]:.1f} | {errors} | {ratio} | "
        f"{writer.sent} / {writer.published} | {fresh} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--app-port", type=int, default=8391)
    parser.add_argument("--nginx-port", type=int, default=8392)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--ttl", type=int, default=60)
    parser.add_argument("--write-interval", type=float, default=2.0)
    args = parser.parse_args()
    env = environment(args)
    os.environ.update(env)
    sys.path[:0] = env["PYTHONPATH"].split(":")
    prepare(args, env)

    import django

    django.setup()

    workdir = Path(tempfile.mkdtemp(prefix="tuidang-nginx-"))
    workdir.chmod(0o777)
    conf = workdir / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            dir=workdir, app_port=args.app_port, port=args.nginx_port, ttl=args.ttl
        )
    )
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    app = start(
        [
            gunicorn,
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.app_port}",
            "--log-level",
            "warning",
            "example_site.wsgi:application",
        ],
        env,
        ROOT / "example_site",
        args.app_port,
    )
    nginx = None
    try:
        nginx = start(
            ["nginx", "-c", str(conf), "-g", "daemon off;"],
            env,
            workdir,
            args.nginx_port,
        )
        mix, _size = discover(args.app_port)
        rows = []
        for label, port in (
            ("gunicorn alone", args.app_port),
            (f"nginx cache ({args.ttl} s) + purges", args.nginx_port),
        ):
            run = Run(port, mix, args.duration, args.threads)
            writer = Writer(port, args.write_interval)
            load_before = Path("/proc/loadavg").read_text().split()[:3]
            run.go(writer)
            rows.append(report(label, run, writer) + f" {' '.join(load_before)} |")
            print(f"{label}: {dict(run.outcomes)} {dict(run.cache)}", file=sys.stderr)
    finally:
        for process in (nginx, app):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
    print(
        f"{args.threads} reading threads, {args.workers} sync gunicorn workers, "
        f"{args.duration} s per run, one submission and publication every "
        f"{args.write_interval} s; {len(mix)} URLs in the mix.\n"
    )
    print(
        "| run | req/s | median ms | p95 ms | non-200 | cache hits | "
        "sent / published | on wall, permalink at once | load before |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
