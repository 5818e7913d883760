"""``tuidang_mirror_export``: the public site as a folder of files that browses
without a server, kept up to date incrementally."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.factories import make_article, make_index, make_statement
from wagtail_tuidang.statements import transitions

pytestmark = pytest.mark.django_db

MAIN = "http://tuidang-main.onion"
ORIGIN = "http://localhost"
LINK = re.compile(r"""\s(?:href|src|action|poster)=["']([^"']*)["']""")
PER_PAGE = 3


@pytest.fixture
def wall(index_page):
    """A wall of seven published statements (three pages), one pending and
    one rejected, and a news index with one article."""
    statements = [
        make_statement("published", index_page=index_page, name=f"化名{n}")[0]
        for n in range(7)
    ]
    make_statement("pending", index_page=index_page, name="待审化名")
    make_statement("rejected", index_page=index_page, name="拒绝化名")
    news = make_index(index_page.get_parent())
    make_article(news, title="An article")
    index_page.statements = statements
    return index_page


def export(folder, *options):
    out = StringIO()
    with override_settings(WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE=PER_PAGE):
        call_command(
            "tuidang_mirror_export", str(folder), "--main-url", MAIN, *options,
            stdout=out, stderr=StringIO(),
        )  # fmt: skip
    return out.getvalue()


def files(folder):
    return {
        path.relative_to(folder).as_posix(): path
        for path in Path(folder).rglob("*")
        if path.is_file() and path.name != ".tuidang-mirror.json"
    }


def html_files(folder):
    return {
        name: path for name, path in files(folder).items() if name.endswith(".html")
    }


def permalink(folder, statement):
    return Path(folder) / "statements" / "s" / statement.public_id / "index.html"


def test_the_export_holds_the_wall_its_pages_permalinks_days_stats_articles_feeds(
    wall, tmp_path
):
    export(tmp_path)
    names = files(tmp_path)
    for name in (
        "index.html",
        "statements/index.html",
        "statements/stats/index.html",
        "statements/days/index.html",
        "statements/feed/index.xml",
        "statements/feed/atom/index.xml",
        "news/index.html",
        "news/an-article/index.html",
        "news/feed/index.xml",
    ):
        assert name in names, name
    for statement in wall.statements:
        assert permalink(tmp_path, statement).is_file()
    assert any(name.startswith("statements/@cursor=") for name in names)
    assert any(name.startswith("statements/@day=") for name in names)
    assert any(name.startswith("static/wagtail_tuidang/css/") for name in names)
    text = "".join(path.read_text() for path in html_files(tmp_path).values())
    assert "待审化名" not in text and "拒绝化名" not in text


def test_every_link_in_the_export_leads_to_a_file_of_the_export(wall, tmp_path):
    export(tmp_path)
    for name, path in html_files(tmp_path).items():
        for link in LINK.findall(path.read_text()):
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.scheme or not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{name} links to {link}, which is missing"
            assert tmp_path.resolve() in target.parents, f"{name}: {link} leaves"


def test_the_export_never_names_its_origin_and_sends_the_form_to_the_main_site(
    wall, tmp_path
):
    export(tmp_path)
    submit_links = 0
    for name, path in files(tmp_path).items():
        if not name.endswith((".html", ".xml")):
            continue
        text = path.read_text()
        assert ORIGIN not in text, f"{name} names the origin it was rendered from"
        assert "localhost" not in text, name
        for link in LINK.findall(text):
            if urlsplit(link).scheme in ("http", "https") and MAIN in link:
                assert link.startswith(MAIN), link
        submit_links += text.count(f'href="{MAIN}/statements/submit/"')
    assert submit_links, "no page says where to submit a statement"
    wall_page = (tmp_path / "statements" / "index.html").read_text()
    assert f'<a href="{MAIN}/">{MAIN}</a>' in wall_page


@pytest.mark.parametrize("base_url", [None, "https://mirror.example.org"])
def test_the_wechat_code_on_a_permalink_leads_to_the_mirror_s_public_address(
    wall, tmp_path, base_url
):
    """The QR code is drawn from the URL, not written as text: it must be
    drawn for the address readers share, never the origin it was rendered on."""
    from tests.test_share_qr import decode

    export(tmp_path, *(["--base-url", base_url] if base_url else []))
    statement = wall.statements[0]
    svg = re.search(
        r"<svg[^>]*td-share__qr-svg.*?</svg>",
        permalink(tmp_path, statement).read_text(),
        re.S,
    )
    assert svg, "the permalink shows no WeChat code"
    public = base_url or MAIN
    assert decode(svg.group(0)) == [f"{public}/statements/s/{statement.public_id}/"]


def test_the_export_has_no_form_and_no_csrf_token(wall, tmp_path):
    export(tmp_path)
    for name, path in html_files(tmp_path).items():
        text = path.read_text()
        assert "<form" not in text, name
        assert "csrfmiddlewaretoken" not in text, name
    assert not any("submit" in name or "receipt" in name for name in files(tmp_path))


def test_a_withdrawn_statement_is_removed_on_the_next_run(wall, tmp_path):
    export(tmp_path)
    gone, taken_down = wall.statements[0], wall.statements[1]
    assert permalink(tmp_path, gone).is_file()
    transitions.withdraw(gone)
    transitions.take_down(taken_down, public_reason="It names someone else.")
    export(tmp_path)
    assert not permalink(tmp_path, gone).exists()
    assert not permalink(tmp_path, taken_down).exists()
    everything = "".join(
        path.read_text() for path in files(tmp_path).values() if path.suffix != ".css"
    )
    assert gone.public_id not in everything
    assert gone.public_name not in everything
    assert gone.public_id not in (tmp_path / ".tuidang-mirror.json").read_text()


def test_an_unchanged_file_is_not_rewritten_and_a_new_statement_is_added(
    wall, tmp_path
):
    export(tmp_path)
    kept = permalink(tmp_path, wall.statements[3])
    before = {name: path.stat().st_mtime_ns for name, path in files(tmp_path).items()}
    output = export(tmp_path)
    after = {name: path.stat().st_mtime_ns for name, path in files(tmp_path).items()}
    assert after == before, "a run with nothing changed rewrote files"
    assert " 0 rendered" in output
    new, _code = make_statement("published", index_page=wall, name="新化名")
    os.utime(kept, ns=(1, 1))
    export(tmp_path)
    assert permalink(tmp_path, new).is_file()
    assert "新化名" in (tmp_path / "statements" / "index.html").read_text()
    assert kept.stat().st_mtime_ns == 1, "an unchanged permalink was rewritten"


def test_a_stray_file_in_the_folder_is_deleted(wall, tmp_path):
    export(tmp_path)
    stray = tmp_path / "statements" / "s" / "stray" / "index.html"
    stray.parent.mkdir(parents=True)
    stray.write_text("old")
    export(tmp_path)
    assert not stray.exists()


def test_a_folder_that_is_not_a_mirror_is_refused_and_left_alone(wall, tmp_path):
    """The export deletes what it did not write: pointed by mistake at a
    folder holding anything else, it stops before touching a file."""
    from django.core.management.base import CommandError

    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"jpeg")

    with pytest.raises(CommandError, match="not a mirror folder"):
        export(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "photos" / "a.jpg").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "photos"]


def test_an_unwritable_folder_is_a_clear_error(wall, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Cannot write"):
        export(blocker / "mirror")


@pytest.mark.parametrize(
    "url", ["tuidang-main.onion", "javascript:alert(1)", "ftp://x"]
)
def test_a_main_url_that_is_not_a_web_address_is_refused(url, tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must be an http"):
        call_command("tuidang_mirror_export", str(tmp_path), "--main-url", url)
    assert not any(tmp_path.iterdir())


def test_the_statement_form_block_links_to_the_form_on_the_mirror(
    rf, home_page, index_page
):
    from wagtail_tuidang.blocks import StatementFormBlock
    from wagtail_tuidang.mirror import ENVIRON_KEY

    request = rf.get("/", **{ENVIRON_KEY: MAIN})
    request._wagtail_site = home_page.get_site()
    block = StatementFormBlock()
    value = block.to_python({"page": index_page.pk})
    html = block.render(value, {"request": request, "page": None})
    assert "<form" not in html and "csrfmiddlewaretoken" not in html
    assert f'href="{index_page.url}submit/"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/static/wagtail_tuidang/css/no-such-file.css",
        "/media/original_images/no-such-image.jpg",
        "/media/../settings.py",
        "/static/../../etc/passwd",
    ],
)
def test_an_asset_that_is_missing_or_outside_storage_is_not_copied(path):
    """A link to a file the storages lack (or that climbs out of them) gives
    no bytes: the export lists it and links it on the main site."""
    from wagtail_tuidang.mirror.exporter import _read_asset

    assert _read_asset(path) is None
    assert _read_asset("/static/wagtail_tuidang/css/share.css")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="forked processes need a database of their own to connect to",
)
def test_permalinks_rendered_in_several_processes_are_the_same_files(
    tmp_path, index_page
):
    """``--jobs 2`` on a wall with more permalinks than one process's share,
    run as an operator runs it (a command in a process of its own, single
    threaded, so that it forks): byte for byte the folder one process
    writes."""
    from wagtail_tuidang.mirror import exporter

    for number in range(2 * exporter.CHUNK + 10):
        make_statement("published", index_page=index_page, name=f"化名{number}")
    one, two = tmp_path / "one", tmp_path / "two"
    counts = exporter.MirrorExport(one, main_url=MAIN, jobs=1).run()
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url + database["NAME"],
        "PYTHONPATH": os.pathsep.join([str(root), str(root / "example_site")]),
    }
    result = subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "django", "tuidang_mirror_export", str(two),
         "--main-url", MAIN, "--jobs", "2"],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"{counts['rendered']} rendered" in result.stdout
    assert files(one).keys() == files(two).keys()
    for name, path in files(one).items():
        assert path.read_bytes() == files(two)[name].read_bytes(), name


def test_a_process_running_other_threads_renders_in_one(tmp_path, db):
    """Forking copies every lock another thread holds: a web server's
    threads, a test's live server. The export then stays in one process."""
    import threading

    from wagtail_tuidang.mirror import exporter

    export = exporter.MirrorExport(tmp_path, jobs=2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not export.can_fork(10 * exporter.CHUNK)
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_jobs_must_be_one_or_more(jobs, tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--jobs must be 1 or more"):
        call_command("tuidang_mirror_export", str(tmp_path), "--jobs", jobs)
