"""What the load benchmarks share: running the example site's manage.py
against a database they create afresh (gunicorn-driven scripts; unlike
``_django``, importing this sets nothing up)."""

import subprocess
import sys
import urllib.parse

import psycopg
from psycopg import sql


def run(*command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)  # noqa: S603


def manage(cwd, env, *command):
    """``manage.py COMMAND`` of the site in ``cwd``; its standard output."""
    return run(
        sys.executable,
        "manage.py",
        *command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    ).stdout


def recreate_database(database_url):
    """Drop and create the PostgreSQL database ``database_url`` names."""
    url = urllib.parse.urlparse(database_url)
    admin = url._replace(path="/postgres").geturl()
    name = sql.Identifier(url.path.lstrip("/"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name)
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
