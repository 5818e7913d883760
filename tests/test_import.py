"""Imports of statements and daily totals: from the shell and the admin."""

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import Workbook

from tests.factories import UserFactory, make_statement
from wagtail_tuidang import checks
from wagtail_tuidang.models import Statement, StatementTally
from wagtail_tuidang.moderation import decisions
from wagtail_tuidang.statements import inserts, tallies
from wagtail_tuidang.transfer import importer, jobs, tasks
from wagtail_tuidang.transfer.reader import ImportFileError
from wagtail_tuidang.transfer.storage import import_storage

pytestmark = pytest.mark.django_db

HEADER = "name,organisations,people_count,region,text,declared_on\n"
GOOD = "李明,party;youth_league,2,sc,我退出。,2024-01-02\n"


def write(tmp_path, text, name="rows.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("tuidang_import", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rows_become_pending_imported_statements(tmp_path, index_page):
    path = write(tmp_path, HEADER + GOOD + "王芳,young_pioneers,,,,\n")
    out, err = run(path, "--page", index_page.pk)
    assert "Created 2 statements" in out and err == ""
    first = Statement.objects.get(name="李明")
    assert first.status == "pending" and first.source == "import"
    assert first.receipt_hash is None and first.submitted_by is None
    assert first.people_count == 2 and first.region == "sc"
    assert first.quit_party and first.quit_youth_league
    assert str(first.declared_on) == "2024-01-02"
    assert first.fingerprint
    assert Statement.objects.get(name="王芳").people_count == 1
    # Pending statements do not count.
    assert tallies.get_figures(index_page)["total"] == index_page.baseline_total


def test_reimporting_the_same_file_creates_nothing(tmp_path, index_page):
    path = write(tmp_path, HEADER + GOOD + GOOD.replace("李明", "张三"))
    run(path, "--page", index_page.pk)
    out, _ = run(path, "--page", index_page.pk)
    assert "Created 0 statements" in out and "2 already there" in out
    assert Statement.objects.count() == 2


def test_duplicates_in_a_file_are_kept_and_flagged(tmp_path, index_page):
    make_statement(index_page=index_page, name="李明", region="sc")
    other_day = GOOD.replace("2024-01-02", "2024-01-03")
    path = write(tmp_path, HEADER + GOOD + GOOD + other_day)
    out, _ = run(path, "--page", index_page.pk)
    assert "Created 3 statements" in out and "0 already there" in out
    imported = Statement.objects.filter(source="import")
    assert all(statement.flag_duplicate for statement in imported)


def test_bad_rows_are_reported_and_skipped(tmp_path, index_page):
    rows = [
        "赵六,party,999,,,",
        "钱八,party,1,,,2024-13-45",
        "孙七,party,1,zz,,",
        "周九,bogus,1,,,",
        "吴十,party,1,,,1800-01-01",
        "郑\x00一,party,1,,,",
        "x" * 61 + ",party,1,,,",
        ",party,1,,,",
    ]
    path = write(tmp_path, HEADER + "\n".join(rows) + "\n")
    out, err = run(path, "--page", index_page.pk)
    assert "Created 0 statements" in out and "8 rows with errors" in out
    assert (
        "Row 2: Number of people (people_count): A statement can cover at most 50 "
        "people"
    ) in err
    assert "Row 3: Date (declared_on):" in err
    assert "Row 4: Region (region): Choose a region from the list." in err
    assert "Row 5: I quit (organisations): Choose organisations from the list." in err
    assert "Row 6: Date (declared_on): Please enter a date from 1921 onwards." in err
    assert "Row 7: Name (name): This text contains control characters" in err
    assert "Row 8: Name (name): Ensure this value has at most 60 characters" in err
    assert "Row 9: Name (name): This field is required." in err
    assert Statement.objects.count() == 0


def test_a_formula_as_a_name_is_stored_as_text(tmp_path, index_page):
    path = write(tmp_path, HEADER + '"=HYPERLINK(""http://x"")",party,1,,,\n')
    run(path, "--page", index_page.pk)
    assert Statement.objects.get().name == '=HYPERLINK("http://x")'


def test_a_dry_run_writes_nothing(tmp_path, index_page):
    path = write(tmp_path, HEADER + GOOD)
    out, _ = run(path, "--page", index_page.pk, "--dry-run")
    assert "Would create 1 statements" in out
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The file is empty."),
        (
            "name,people_count\n李明,1\n",
            "Columns missing from the first row: organisations.",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "This is not a CSV file in UTF-8"),
        (b"PK\x03\x04garbage", "This XLSX file cannot be read."),
    ],
)
def test_unreadable_files_get_a_clear_error(tmp_path, index_page, content, message):
    path = write(tmp_path, content)
    with pytest.raises(CommandError, match=message):
        run(path, "--page", index_page.pk)
    assert Statement.objects.count() == 0


def test_an_unknown_page_is_an_error(tmp_path, index_page):
    with pytest.raises(CommandError, match="No statement index page"):
        run(write(tmp_path, HEADER + GOOD), "--page", 999999)


def test_xlsx_files_import_like_csv(tmp_path, index_page):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "organisations", "people_count", "declared_on"])
    sheet.append(["李明", "party、youth_league", 3, "2024-02-03"])
    path = tmp_path / "rows.xlsx"
    workbook.save(path)
    run(path, "--page", index_page.pk)
    statement = Statement.objects.get()
    assert statement.people_count == 3 and statement.quit_youth_league


def test_a_byte_order_mark_and_guarded_formulas_are_undone():
    file = io.BytesIO("\ufeffname,organisations\n'=1+1,party\n".encode())
    header, rows = importer.open_rows(file)
    assert header == ["name", "organisations"]
    assert list(rows) == [(2, {"name": "=1+1", "organisations": "party"})]


def test_open_rows_refuses_an_empty_file():
    with pytest.raises(ImportFileError):
        importer.open_rows(io.BytesIO(b""))


TOTALS = "date,people,party,youth_league,young_pioneers\n2005-01-01,100,60,30,10\n"


def test_daily_totals_are_added_to_the_tallies(
    tmp_path, index_page, django_capture_on_commit_callbacks
):
    path = write(tmp_path, TOTALS)
    before = tallies.get_figures(index_page)["total"]
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run(path, "--page", index_page.pk, "--totals")
        run(path, "--page", index_page.pk, "--totals")
    assert "Wrote the totals of 1 days." in out
    tally = StatementTally.objects.get()
    assert (tally.people, tally.people_party, tally.people_young_pioneers) == (
        200,
        120,
        20,
    )
    # The cached figures were forgotten.
    assert tallies.get_figures(index_page)["total"] == before + 200


def test_daily_totals_can_replace_a_day(tmp_path, index_page):
    path = write(tmp_path, TOTALS)
    run(path, "--page", index_page.pk, "--totals")
    run(path, "--page", index_page.pk, "--totals", "--replace")
    assert StatementTally.objects.get().people == 100


def test_rows_of_one_day_add_up_or_the_last_one_sets_it(tmp_path, index_page):
    path = write(tmp_path, TOTALS + "2005-01-01,1,1,0,0\n")
    run(path, "--page", index_page.pk, "--totals")
    assert StatementTally.objects.get().people == 101
    run(path, "--page", index_page.pk, "--totals", "--replace")
    assert StatementTally.objects.get().people == 1


def test_bad_totals_write_nothing(tmp_path, index_page):
    bad = TOTALS + "2005-02-30,1,1,0,0\n2005-03-01,-5,0,0,0\n"
    with pytest.raises(CommandError, match="2 rows with errors"):
        run(write(tmp_path, bad), "--page", index_page.pk, "--totals")
    assert StatementTally.objects.count() == 0


IMPORT_URL = "/admin/tuidang/transfer/import/"


def test_an_import_records_who_imported_it_and_they_cannot_publish_it(
    tmp_path, index_page
):
    user = importer_user()
    with open(write(tmp_path, HEADER + GOOD), "rb") as file:
        importer.import_file(file, index_page, user=user)
    statement = Statement.objects.get()
    assert statement.submitted_by == user
    with pytest.raises(decisions.DecisionRefused, match="they submitted"):
        decisions.decide(statement, "publish", user)
    assert decisions.decide(statement, "publish", importer_user()).status == (
        "published"
    )


def importer_user():
    user = UserFactory()
    for codename in ("access_admin", "import_statements"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def upload(client, index_page, content, name="rows.csv"):
    file = SimpleUploadedFile(
        name, content.encode() if isinstance(content, str) else content
    )
    return client.post(IMPORT_URL, {"index_page": index_page.pk, "file": file})


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.text).group(1)


def test_the_admin_import_needs_the_permission(client, index_page):
    client.force_login(UserFactory(is_superuser=False))
    assert client.get(IMPORT_URL).status_code == 302
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = upload(client, index_page, HEADER + GOOD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Statement.objects.count() == 0


def test_upload_preview_confirm_progress(
    client, index_page, django_capture_on_commit_callbacks
):
    client.force_login(importer_user())
    bad = '"=HYPERLINK(""x"")",party,1,zz,,\n'
    response = upload(client, index_page, HEADER + GOOD + bad)
    assert response.status_code == 200
    assert "李明" in response.text
    assert "Region (region): Choose a region from the list." in response.text
    assert Statement.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            IMPORT_URL, {"action": "confirm", "token": token_of(response)}
        )
    assert response.status_code == 302
    progress = client.get(response["Location"])
    assert "The import is finished." in progress.text
    assert 'http-equiv="refresh"' not in progress.text
    assert Statement.objects.get().name == "李明"
    # Another user cannot read this import's progress.
    client.force_login(importer_user())
    assert client.get(response["Location"]).status_code == 404


def test_the_preview_names_organisations_and_regions(client, index_page):
    client.force_login(importer_user())
    response = upload(client, index_page, HEADER + GOOD + "王芳,young_pioneers,,,,\n")
    sample = response.text.split("First valid rows")[1]
    assert "Chinese Communist Party, Communist Youth League" in sample
    assert "Sichuan" in sample and "Young Pioneers" in sample
    assert "party" not in sample and "youth_league" not in sample
    assert "<td>—</td>" in sample  # no region


def test_a_tampered_or_foreign_token_imports_nothing(client, index_page):
    client.force_login(importer_user())
    response = upload(client, index_page, HEADER + GOOD)
    token = token_of(response)
    client.force_login(importer_user())
    response = client.post(IMPORT_URL, {"action": "confirm", "token": token})
    assert response.status_code == 302 and response["Location"] == IMPORT_URL
    client.post(IMPORT_URL, {"action": "confirm", "token": token + "x"})
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The submitted file is empty."),
        ("a,b\n1,2\n", "Columns missing from the first row: name, organisations."),
        (b"\x89PNG\r\n\x1a\n\x00\xff\xfe\x00", "This is not a CSV file in UTF-8"),
    ],
)
def test_bad_uploads_get_a_form_error(client, index_page, content, message):
    client.force_login(importer_user())
    response = upload(client, index_page, content)
    assert response.status_code == 200
    assert message in response.text
    assert Statement.objects.count() == 0


def test_the_progress_page_refreshes_itself_while_running(client, index_page):
    user = importer_user()
    client.force_login(user)
    jobs.set_progress(
        "job1",
        user.pk,
        "running",
        processed=500,
        created=490,
        existing=0,
        invalid=10,
        errors=[],
    )
    response = client.get(IMPORT_URL + "job1/")
    assert 'http-equiv="refresh"' in response.text
    assert "490" in response.text
    assert client.get(IMPORT_URL + "nope/").status_code == 404


def uploaded_files():
    try:
        return set(import_storage().listdir(jobs.UPLOAD_DIR)[1])
    except FileNotFoundError:
        return set()


def test_uploads_never_confirmed_are_deleted_later(client, index_page, monkeypatch):
    client.force_login(importer_user())
    before = uploaded_files()
    upload(client, index_page, HEADER + GOOD)
    first = uploaded_files() - before
    assert len(first) == 1
    later = jobs.timezone.now() + jobs.datetime.timedelta(days=3)
    monkeypatch.setattr(jobs.timezone, "now", lambda: later)
    upload(client, index_page, HEADER + GOOD)
    remaining = uploaded_files()
    assert not first & remaining and len(remaining - before) == 1


@pytest.mark.parametrize("error", [NotImplementedError, FileNotFoundError])
def test_a_storage_that_cannot_list_files_still_takes_uploads(
    client, index_page, monkeypatch, error
):
    # Some storages cannot list a folder, or the folder does not exist yet:
    # stale uploads are then left for the storage's own expiry.
    def cannot_list(storage, path):
        raise error

    monkeypatch.setattr(FileSystemStorage, "listdir", cannot_list)
    client.force_login(importer_user())
    response = upload(client, index_page, HEADER + GOOD)
    assert response.status_code == 200
    assert token_of(response)


def test_a_confirmed_or_cancelled_upload_is_deleted(
    client, index_page, django_capture_on_commit_callbacks
):
    client.force_login(importer_user())
    before = uploaded_files()
    token = token_of(upload(client, index_page, HEADER + GOOD))
    assert len(uploaded_files() - before) == 1
    client.post(IMPORT_URL, {"action": "cancel", "token": token})
    assert uploaded_files() - before == set()
    token = token_of(upload(client, index_page, HEADER + GOOD))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(IMPORT_URL, {"action": "confirm", "token": token})
    assert uploaded_files() - before == set()
    assert Statement.objects.count() == 1


def test_an_import_is_logged_with_counts_only_and_refreshes_the_queue(
    index_page, django_capture_on_commit_callbacks
):
    from wagtail_tuidang.models import StatementPageLogEntry
    from wagtail_tuidang.transfer import importer

    csv_file = io.BytesIO(
        "name,organisations\n导入甲,party\n导入乙,youth_league\n,party\n".encode()
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outcome = importer.import_file(csv_file, index_page)
    assert outcome.created == 2
    entry = StatementPageLogEntry.objects.get(action="wagtail_tuidang.import")
    assert entry.data == {"created": 2, "existing": 0, "invalid": 1, "processed": 3}
    assert "导入" not in str(entry.data) + entry.label
    # Pending count forgotten, digest considered, statistics considered.
    assert len(callbacks) == 3


# Jobs that finish or say why ------------------------------------------------

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def confirm(client, index_page, content, callbacks):
    token = token_of(upload(client, index_page, content))
    with callbacks(execute=True):
        response = client.post(IMPORT_URL, {"action": "confirm", "token": token})
    return response["Location"]


def age_record(location, **seconds):
    """Move the recorded times of the job at ``location`` into the past."""
    job_id = location.rstrip("/").rsplit("/", 1)[1]
    record = jobs.read_progress(job_id)
    for name, delta in seconds.items():
        record[name] -= delta
    jobs.cache.set(jobs.progress_key(job_id), record)
    return record


def test_a_stale_import_is_shown_stopped_and_its_file_deleted(
    client, index_page, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY_TASKS  # a worker that took the job, then died
    client.force_login(importer_user())
    before = uploaded_files()
    location = confirm(
        client, index_page, HEADER + GOOD, django_capture_on_commit_callbacks
    )
    job_id = location.rstrip("/").rsplit("/", 1)[1]
    jobs.set_progress(job_id, None, jobs.RUNNING, processed=500, created=400)
    page = client.get(location)
    assert "The import is running." in page.text
    assert len(uploaded_files() - before) == 1
    age_record(location, heartbeat=301)
    page = client.get(location)
    assert "The import stopped — import the file again to continue." in page.text
    assert "400" in page.text and 'http-equiv="refresh"' not in page.text
    assert uploaded_files() - before == set()


def test_a_step_of_a_stopped_import_does_not_run(client, index_page, settings):
    settings.TASKS = DUMMY_TASKS
    user = importer_user()
    jobs.start_job("gone", user.pk, "wagtail_tuidang/imports/none.csv", index_page.pk)
    jobs.set_progress("gone", user.pk, jobs.STOPPED)
    tasks.run_import.call(
        "wagtail_tuidang/imports/none.csv", index_page.pk, user.pk, "gone"
    )
    assert jobs.read_progress("gone")["state"] == jobs.STOPPED


def test_a_page_waiting_for_a_worker_says_so_after_a_minute(
    client, index_page, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY_TASKS  # enqueued, never run
    client.force_login(importer_user())
    location = confirm(
        client, index_page, HEADER + GOOD, django_capture_on_commit_callbacks
    )
    page = client.get(location)
    assert "waiting to start" in page.text
    assert "no task worker seems to be running" not in page.text
    age_record(location, queued_at=61)
    page = client.get(location)
    assert "no task worker seems to be running; ask the site administrator" in page.text
    assert Statement.objects.count() == 0


def test_in_request_imports_go_in_steps_that_continue_and_finish(
    client, index_page, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_TUIDANG_IMPORT_STEP_ROWS = 2
    client.force_login(importer_user())
    rows = "".join(f"人{number},party,1,,,\n" for number in range(5))
    location = confirm(
        client, index_page, HEADER + rows, django_capture_on_commit_callbacks
    )
    assert Statement.objects.count() == 2  # the confirm request ran one step
    page = client.get(location)
    assert Statement.objects.count() == 4
    assert "The import is running." in page.text
    assert "Keep this page open" in page.text
    assert 'http-equiv="refresh" content="1"' in page.text
    page = client.get(location)
    assert "The import is finished." in page.text
    assert Statement.objects.count() == 5
    assert client.get(location).text.count("<dd>5</dd>") == 2  # read, created
    assert Statement.objects.count() == 5


def test_w003_when_tasks_run_in_requests_without_debug(settings):
    settings.DEBUG = False
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    assert [e.id for e in checks.check_task_backend(None)] == ["wagtail_tuidang.W003"]
    settings.TASKS = {}  # as if unset: the immediate backend
    assert [e.id for e in checks.check_task_backend(None)] == ["wagtail_tuidang.W003"]
    settings.TASKS = DUMMY_TASKS
    assert checks.check_task_backend(None) == []
    settings.DEBUG = True
    settings.TASKS = {}  # as if unset: the immediate backend
    assert checks.check_task_backend(None) == []


# The table's statistics ------------------------------------------------------


def reltuples():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [Statement._meta.db_table],
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statistics are PostgreSQL's"
)
def test_a_large_import_analyses_the_statement_table(
    tmp_path, index_page, django_capture_on_commit_callbacks
):
    # The wall's searches are planned from the statistics: an import larger
    # than autovacuum's threshold (50 rows and a tenth of the table) has
    # the table analysed once it has committed, not at autovacuum's next
    # round (or never, where it is off).
    rows = "".join(f"人{n},party,1,sc,我退出。,2024-01-02\n" for n in range(80))
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run(write(tmp_path, HEADER + rows), "--page", index_page.pk)
    assert "Created 80 statements" in out
    assert reltuples() == 80

    with django_capture_on_commit_callbacks(execute=True):
        run(write(tmp_path, HEADER + GOOD, name="small.csv"), "--page", index_page.pk)
    assert Statement.objects.count() == 81
    assert reltuples() == 80  # 1 row: below the threshold, not analysed again


def test_only_postgresql_is_analysed(index_page):
    assert inserts.analyse_after(10**6) is (connection.vendor == "postgresql")
