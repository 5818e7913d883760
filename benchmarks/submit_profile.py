"""One submission, in-process: what a POST to the plugin's ``submit/`` and to
Wagtail's form builder costs, where the time goes, and how many queries and
Redis round trips it takes.

Sets up the example site with ``benchmarks/submit_bench`` (the settings
``submit_load.py`` runs gunicorn with: production settings, Redis as the
cache, the client address from ``X-Forwarded-For``) in this process, on a new
PostgreSQL database and a Redis server started on its own port. Forms are
fetched first through Django's test client, as a browser does (CSRF cookie,
render token, a proof of work solved as the widget solves it, each form from
its own address); then the POSTs are sent in interleaved batches, timed, and
once more under cProfile. Prints this process's CPU time per POST for each
system (the database's and Redis's own work is not in it; wall time on a
shared machine mostly measures the others' load), the queries and Redis
round trips (each a command or a pipeline, with its commands) of one POST,
and the top of the plugin's profile, in CPU time. Usage::

    python benchmarks/submit_profile.py \\
        --database-url postgres://postgres@127.0.0.1:5432/tuidang_bench_profile
"""

import argparse
import cProfile
import html
import io
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
COMMAND = re.compile(rb"\*\d+\r\n\$\d+\r\n([A-Za-z]+)\r\n")


def configure(args):
    checkout = os.path.abspath(args.checkout)
    sys.path[:0] = [checkout, os.path.join(checkout, "example_site"), HERE]
    import submit_load

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "submit_bench.settings",
            "DJANGO_SECRET_KEY": "submit-benchmark-" + "k" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY": submit_load.CONTACT_PUBLIC_KEY,
            "DATABASE_URL": args.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/0",
        }
    )
    return submit_load


def prepare(submit_load):
    """Migrate the new database; the wall's and the form page's paths."""
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    setup = submit_load.SETUP.replace(
        "{regions}", "\\n".join(r for r in submit_load.REGIONS if r)
    )
    names = {}
    exec(setup, names)  # noqa: S102 - the benchmark's own setup code
    return names["wall"].url + "submit/", names["form"].url


class RoundTrips:
    """Every round trip to Redis (a command, or a pipeline), with the names
    of the commands it carried."""

    def __init__(self):
        self.trips = []

    def __enter__(self):
        from redis.connection import AbstractConnection

        self.original = original = AbstractConnection.send_packed_command
        trips = self.trips

        def send(connection, command, check_health=True):
            data = command if isinstance(command, bytes) else b"".join(command)
            trips.append([c.decode().upper() for c in COMMAND.findall(data)])
            return original(connection, command, check_health)

        AbstractConnection.send_packed_command = send
        return self

    def __exit__(self, *exc):
        from redis.connection import AbstractConnection

        AbstractConnection.send_packed_command = self.original


def client():
    from django.test import Client

    return Client(
        enforce_csrf_checks=True,
        HTTP_HOST="127.0.0.1",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )


def address(n):
    """Each form its own address and /24, as people are."""
    return f"10.{n // 250 % 250 + 1}.{n % 250 + 1}.7"


def fetch_forms(submit_load, path, count, builder, start):
    """``count`` forms of ``path``: (client, body, number) ready to post,
    their challenges solved."""
    forms = []
    for n in range(start, start + count):
        browser = client()
        response = browser.get(path, HTTP_X_FORWARDED_FOR=address(n))
        page = response.content.decode()
        assert response.status_code == 200, (path, response.status_code)
        hidden = {
            "csrfmiddlewaretoken": html.unescape(submit_load.CSRF.search(page)[1])
        }
        if not builder:
            hidden["rendered"] = html.unescape(submit_load.RENDERED.search(page)[1])
        challenge = submit_load.CHALLENGE.search(page)
        form = submit_load.Form(
            path, None, hidden, challenge=challenge and html.unescape(challenge[1])
        )
        forms.append((browser, form, n))
    submit_load.solve_all([form for _b, form, _n in forms])
    return [
        (browser, submit_load.statement_body(form, n, builder), n)
        for browser, form, n in forms
    ]


def send(path, form, builder, marker):
    browser, body, n = form
    response = browser.post(
        path,
        urllib.parse.urlencode(body, doseq=True),  # as a browser sends a form
        content_type="application/x-www-form-urlencoded",
        HTTP_X_FORWARDED_FOR=address(n),
        HTTP_ORIGIN="https://127.0.0.1",
        HTTP_REFERER=f"https://127.0.0.1{path}",
    )
    assert response.status_code == 200 and marker in response.content, (
        path,
        response.status_code,
        response.content[-2000:],
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkout", default=ROOT, help="the code to profile")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/tuidang_bench_profile",
    )
    parser.add_argument("--redis-port", type=int, default=6392)
    parser.add_argument("--posts", type=int, default=100, help="per system")
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--profile-out", help="write the plugin's pstats here")
    args = parser.parse_args()
    submit_load = configure(args)
    from _services import recreate_database

    recreate_database(args.database_url)
    redis = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server"), "--port", str(args.redis_port)]
        + ["--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        run(args, submit_load)
    finally:
        redis.terminate()
        redis.wait(timeout=30)


def run(args, submit_load):
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plugin_path, builder_path = prepare(submit_load)
    systems = {
        "form builder": (builder_path, True, submit_load.THANKS),
        "plugin": (plugin_path, False, submit_load.RECEIPT),
    }
    # Forms for: a warm-up, the timed batches, the counted POST, the profile.
    need = 5 + args.posts + 1 + args.posts
    forms = {
        name: fetch_forms(submit_load, path, need, builder, 100_000 * i)
        for i, (name, (path, builder, _m)) in enumerate(systems.items())
    }
    time.sleep(3.2)  # older than MIN_FILL_SECONDS, as people's forms are
    for name, (path, builder, marker) in systems.items():
        for form in forms[name][:5]:
            send(path, form, builder, marker)
        del forms[name][:5]

    times = {name: [] for name in systems}
    for start in range(0, args.posts, args.batch):
        for name, (path, builder, marker) in systems.items():
            batch = forms[name][start : start + args.batch]
            began = time.process_time()
            for form in batch:
                send(path, form, builder, marker)
            times[name].append((time.process_time() - began) * 1000 / len(batch))
    for name in systems:
        del forms[name][: args.posts]

    import wagtail_tuidang

    print(f"checkout: {os.path.dirname(os.path.dirname(wagtail_tuidang.__file__))}")
    print(f"load average: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    for name, (path, builder, marker) in systems.items():
        with CaptureQueriesContext(connection) as queries, RoundTrips() as redis:
            send(path, forms[name].pop(0), builder, marker)
        print(
            f"{name}: {statistics.median(times[name]):.2f} ms of CPU per POST "
            f"(median of {len(times[name])} batches of {args.batch}; "
            f"{min(times[name]):.2f}–{max(times[name]):.2f}), "
            f"{len(queries)} queries, {len(redis.trips)} Redis round trips"
        )
        for query in queries:
            print(f"    SQL {query['sql'][:150]}")
        for trip in redis.trips:
            print(f"    Redis {' '.join(trip)}")
    ratio = statistics.median(times["form builder"]) / statistics.median(
        times["plugin"]
    )
    print(f"form builder ÷ plugin, CPU time per POST: {ratio:.2f}")

    path, builder, marker = systems["plugin"]
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for form in forms["plugin"][: args.posts]:
        send(path, form, builder, marker)
    profile.disable()
    if args.profile_out:
        profile.dump_stats(args.profile_out)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
