"""Kill workers for real: a submission cut after its commit, an import whose
worker dies, an import that no worker takes.

Runs a checkout's example site under gunicorn with its production settings
(plus ``django_tasks_db`` and a short ``WAGTAIL_TUIDANG_IMPORT_STALE_AFTER``,
through a settings module written to a temporary folder), on a PostgreSQL
cluster and a Redis of its own, with the helpers of ``faults.py``.

1. Submissions: each person loads the form and sends it. For every other
   person the gunicorn worker serving the POST is killed (``kill -9``) as
   soon as the statement's row has committed, and the answer is never read;
   the same form body (same tokens, same cookies) is then sent again, as a
   browser or a proxy resends. Rows are counted against people.
2. Imports: an administrator uploads a CSV of ``--rows`` rows in the admin
   and confirms it with ``manage.py db_worker`` running; the worker is killed
   mid-import. What the progress page says after the stale delay, and
   whether the uploaded file is still on disk, are reported. Then a second
   upload is confirmed with no worker at all, and the page is read after
   ``--no-worker-wait`` seconds. Usage (a cluster and a Redis started
   beforehand)::

    pg_createcluster 15 wtkill -p 5498 && pg_ctlcluster 15 wtkill start
    su postgres -c "psql -p 5498 -c \\"ALTER USER postgres PASSWORD 'kill'\\""
    redis-server --port 6398 --daemonize yes --save ""
    python benchmarks/worker_kills.py --checkout . \\
        --database-url postgres://postgres:kill@127.0.0.1:5498/kills \\
        --redis-port 6398
"""

import argparse
import collections
import html
import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from urllib.parse import urlencode

import psycopg
from faults import RECEIPT, Counter, Site, Visitor, load_form, run

OVERRIDE = """import os

from example_site.settings.production import *  # noqa: F403
from example_site.settings.production import INSTALLED_APPS

if "django_tasks_db" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WAGTAIL_TUIDANG_IMPORT_STALE_AFTER = int(os.environ["KILLS_STALE_AFTER"])
"""
ADMIN = ("kills-admin", "kills-" + "p" * 20)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATUS = re.compile(r'<p role="status">(.*?)</p>', re.DOTALL)
ROWS_READ = re.compile(r"<dd>(\d+)</dd>")
UPLOADS = "media/wagtail_tuidang/imports"


def post(visitor, path, body, content_type, read=True):
    """Send a POST over a connection of our own: ``(status, headers, body)``,
    or the open connection when ``read`` is False (the answer unread)."""
    connection = http.client.HTTPConnection("127.0.0.1", visitor.port, timeout=60)
    headers = {**visitor.headers(path), "Content-Type": content_type}
    connection.request("POST", path, body, headers=headers)
    if not read:
        return connection
    response = connection.getresponse()
    visitor._keep_cookies(response.headers)
    answer = (response.status, response.headers, response.read().decode())
    connection.close()
    return answer


def serving_process(port, client_port):
    """The pid of the process holding the server end of our connection."""
    found = run(
        "ss",
        "-tnpH",
        "state",
        "established",
        f"( sport = :{port} )",
        capture_output=True,
        text=True,
    ).stdout
    for line in found.splitlines():
        if line.split()[3].endswith(f":{client_port}") and "pid=" in line:
            return int(re.search(r"pid=(\d+)", line).group(1))
    return None


def rows_named(database_url, name):
    with psycopg.connect(database_url) as connection:
        return connection.execute(
            "SELECT count(*) FROM wagtail_tuidang_statement WHERE name = %s", [name]
        ).fetchone()[0]


def answer_of(status, body):
    if status == 200 and "td-receipt--again" in body:
        return "already received"
    if status == 200 and RECEIPT.search(body):
        return "receipt"
    return f"status {status}"


def cut_after_commit(visitor, wall, form, database_url):
    """Send ``form``; once its row has committed, kill -9 the worker serving
    it and drop the connection unread. Returns what happened."""
    connection = post(
        visitor,
        wall + "submit/",
        urlencode(form, doseq=True),
        "application/x-www-form-urlencoded",
        read=False,
    )
    client_port = connection.sock.getsockname()[1]
    started = time.monotonic()
    while rows_named(database_url, form["name"]) == 0:
        if time.monotonic() - started > 15:
            connection.close()
            return "row never committed"
        time.sleep(0.002)
    pid = serving_process(visitor.port, client_port)
    outcome = "connection cut (worker not found)"
    if pid is not None:
        os.kill(pid, signal.SIGKILL)
        outcome = "worker killed"
    connection.close()
    return outcome


def submissions(args, wall, run_id):
    """Part 1: returns the figures of the cut and resent submissions."""
    people = [(Visitor(args.port), f"kills-{run_id}-{n}") for n in range(args.people)]
    counter = Counter()
    forms = [load_form(visitor, wall, name, counter) for visitor, name in people]
    time.sleep(4)  # people take longer to fill the form than its minimum
    figures = collections.Counter()
    for number, ((visitor, _name), form) in enumerate(zip(people, forms, strict=True)):
        if form is None:
            figures["form did not load"] += 1
            continue
        if number % 2:
            status, body = visitor.request(wall + "submit/", form)
            figures[f"sent once: {answer_of(status, body)}"] += 1
            continue
        figures[cut_after_commit(visitor, wall, form, args.database_url)] += 1
        time.sleep(1)  # the browser or proxy sends again
        status, body = visitor.request(wall + "submit/", form)
        figures[f"resent after the cut: {answer_of(status, body)}"] += 1
    with psycopg.connect(args.database_url) as connection:
        rows = dict(
            connection.execute(
                "SELECT name, count(*) FROM wagtail_tuidang_statement "
                "WHERE name LIKE %s GROUP BY name",
                [f"kills-{run_id}-%"],
            ).fetchall()
        )
    figures["people"] = len(people)
    figures["rows stored"] = sum(rows.values())
    figures["people stored more than once"] = sum(1 for n in rows.values() if n > 1)
    figures["people not stored"] = len(people) - len(rows)
    return figures


def create_admin(site):
    site.manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model;"
        "from wagtail.users.models import UserProfile;"
        f"user = get_user_model().objects.create_superuser("
        f"{ADMIN[0]!r}, '', {ADMIN[1]!r});"
        "profile = UserProfile.get_for_user(user);"
        "profile.preferred_language = 'en'; profile.save()",
    )


def log_in(port):
    """An administrator's browser, logged in (by hand: the session cookie
    comes with a redirect, which urllib would follow and drop)."""
    admin = Visitor(port, language="en")
    _status, page = admin.request("/admin/login/")
    body = urlencode(
        {
            "csrfmiddlewaretoken": html.unescape(CSRF.search(page).group(1)),
            "username": ADMIN[0],
            "password": ADMIN[1],
        }
    )
    status, headers, _body = post(
        admin, "/admin/login/", body, "application/x-www-form-urlencoded"
    )
    if status != 302 or "sessionid" not in admin.cookies:
        raise RuntimeError(f"could not log in: {status}")
    return admin


def write_csv(path, rows, run_id):
    with open(path, "w", encoding="utf-8") as file:
        file.write("name,organisations\n")
        for number in range(rows):
            file.write(f"imported-{run_id}-{number},party\n")


def start_import(admin, csv_path, wall_id):
    """Upload, preview and confirm an import; returns its progress path."""
    path = "/admin/tuidang/transfer/import/"
    _status, page = admin.request(path)
    boundary = uuid.uuid4().hex
    with open(csv_path, "rb") as file:
        content = file.read()
    parts = []
    for field, value in (
        ("csrfmiddlewaretoken", html.unescape(CSRF.search(page).group(1))),
        ("index_page", str(wall_id)),
    ):
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="statements.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    status, _headers, preview = post(
        admin, path, b"".join(parts), f"multipart/form-data; boundary={boundary}"
    )
    token = re.search(r'name="token" value="([^"]+)"', preview)
    if token is None:
        raise RuntimeError(f"no preview: {status}")
    token = token.group(1)
    body = urlencode(
        {
            "csrfmiddlewaretoken": html.unescape(CSRF.search(preview).group(1)),
            "token": html.unescape(token),
            "action": "confirm",
        }
    )
    status, headers, _body = post(
        admin, path, body, "application/x-www-form-urlencoded"
    )
    if status != 302:
        raise RuntimeError(f"the import was not confirmed: {status}")
    return headers["Location"]


def progress(admin, path):
    """What the progress page says, and the rows it says were read."""
    status, page = admin.request(path)
    said = STATUS.search(page)
    text = re.sub(r"<[^>]+>", "", said.group(1)) if said else f"(status {status})"
    read = ROWS_READ.search(page)
    return " ".join(text.split()), int(read.group(1)) if read else 0


def uploads(site):
    folder = os.path.join(site.cwd, UPLOADS)
    return set(os.listdir(folder)) if os.path.isdir(folder) else set()


def import_tasks(database_url):
    with psycopg.connect(database_url) as connection:
        return collections.Counter(
            status
            for (status,) in connection.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult "
                "WHERE task_path LIKE %s",
                ["%run_import%"],
            ).fetchall()
        )


def killed_import(args, site, admin, wall_id, csv_path):
    """Part 2: the worker killed mid-import. Returns the figures."""
    figures = {}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.5"],
        cwd=site.cwd,
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        before = uploads(site)
        path = start_import(admin, csv_path, wall_id)
        (upload,) = uploads(site) - before
        for _ in range(200):
            said, read = progress(admin, path)
            if read >= args.kill_after_rows:
                break
            time.sleep(0.5)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        figures["rows read when the worker was killed"] = read
        figures["page just after the kill"] = said
        time.sleep(args.stale_after + 10)
        said, read = progress(admin, path)
        figures[f"page {args.stale_after + 10} s after the kill"] = said
        figures["rows read then"] = read
        figures["uploaded file still on disk"] = upload in uploads(site)
        figures["import tasks by status"] = dict(import_tasks(args.database_url))
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)
    return figures


def workerless_import(args, site, admin, wall_id, csv_path):
    """Part 3: no worker at all. Returns what the page says, and when."""
    path = start_import(admin, csv_path, wall_id)
    figures = {"page at once": progress(admin, path)[0]}
    time.sleep(args.no_worker_wait)
    figures[f"page after {args.no_worker_wait} s"] = progress(admin, path)[0]
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkout", default=".")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-port", type=int, default=6398)
    parser.add_argument("--port", type=int, default=8798)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--kill-after-rows", type=int, default=5_000)
    parser.add_argument("--stale-after", type=int, default=20)
    parser.add_argument("--no-worker-wait", type=int, default=70)
    args = parser.parse_args()

    settings_dir = tempfile.mkdtemp(prefix="worker-kills-")
    with open(os.path.join(settings_dir, "kills_settings.py"), "w") as file:
        file.write(OVERRIDE)
    site = Site(args)
    site.env["PYTHONPATH"] += os.pathsep + settings_dir
    site.env["DJANGO_SETTINGS_MODULE"] = "kills_settings"
    site.env["KILLS_STALE_AFTER"] = str(args.stale_after)
    wall = site.prepare()
    create_admin(site)
    wall_id = int(site.manage("shell", "-c", WALL_ID).split()[-1])
    run_id = int(time.time())
    csv_path = os.path.join(settings_dir, "statements.csv")
    write_csv(csv_path, args.rows, run_id)
    site.start()
    try:
        report("Submissions cut after the commit", submissions(args, wall, run_id))
        admin = log_in(args.port)
        report(
            "Import, worker killed",
            killed_import(args, site, admin, wall_id, csv_path),
        )
        report(
            "Import, no worker", workerless_import(args, site, admin, wall_id, csv_path)
        )
    finally:
        site.stop()


WALL_ID = (
    "from wagtail_tuidang.pages.models import StatementIndexPage as P;"
    "print(P.objects.get(slug='wall').pk)"
)


def report(title, figures):
    print(f"\n## {title}")
    for key, value in figures.items():
        print(f"- {key}: {value}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
