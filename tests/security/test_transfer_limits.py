"""Imports and exports against hostile files: formulas hidden behind control
characters, unknown languages, oversized files, zip bombs, endless blank rows,
and uploads that must never be public nor left behind."""

import csv
import io
import os
import re
import time
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from tests.factories import UserFactory, make_statement
from wagtail_tuidang import checks
from wagtail_tuidang.models import Statement
from wagtail_tuidang.transfer import exporter, importer, jobs, reader
from wagtail_tuidang.transfer.storage import import_root, import_storage

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/tuidang/transfer/import/"
EXPORT_URL = "/admin/tuidang/transfer/export/"
HEADER = "name,organisations,language\n"
GOOD = "李明,party,zh-hans\n"


def user_with(*codenames):
    user = UserFactory()
    for codename in ("access_admin", *codenames):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def upload(client, index_page, content, name="rows.csv"):
    data = content.encode() if isinstance(content, str) else content
    file = SimpleUploadedFile(name, data)
    return client.post(IMPORT_URL, {"index_page": index_page.pk, "file": file})


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.text).group(1)


def stored_uploads():
    try:
        return set(import_storage().listdir(jobs.UPLOAD_DIR)[1])
    except FileNotFoundError:
        return set()


def xlsx(rows, dimension=None):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if dimension:
        data = rewrite_member(
            data,
            "xl/worksheets/sheet1.xml",
            lambda xml: re.sub(rb'<dimension ref="[^"]+"', dimension, xml),
        )
    return data


def rewrite_member(data, member, change):
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """A private upload folder of this test's own."""
    settings.WAGTAIL_TUIDANG_IMPORT_ROOT = str(tmp_path / "imports")


@pytest.fixture
def importer_client(client):
    client.force_login(user_with("import_statements"))
    return client


# Formulas and languages ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("\x01=1+1", "'=1+1"),
        ("\x00\x1f+SUM(A1)", "'+SUM(A1)"),
        ("\x0b@cmd", "'@cmd"),
        ("\x02\t=1", "'\t=1"),
        ("\x03-1", "'-1"),
        ("a\x01=1", "a=1"),
    ],
)
def test_the_guard_strips_control_characters_before_looking(value, expected):
    assert exporter.guard(value) == expected


def test_a_control_character_cannot_smuggle_a_formula_into_an_export(
    client, index_page
):
    statement, _code = make_statement(index_page=index_page, status="published")
    # As stored before imports checked the language.
    Statement.objects.filter(pk=statement.pk).update(
        language="\x01=1+1", text='\x02=HYPERLINK("http://x")'
    )
    client.force_login(user_with("export_statements"))
    response = client.post(EXPORT_URL, {"format": "xlsx", "status": ""})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["language"].data_type != "f" and row["language"].value == "'=1+1"
    assert row["text"].data_type != "f" and row["text"].value.startswith("'=")
    response = client.post(EXPORT_URL, {"format": "csv", "status": ""})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    exported = next(csv.DictReader(io.StringIO(text)))
    assert exported["language"] == "'=1+1"


def test_an_unknown_language_is_a_row_error(importer_client, index_page):
    rows = HEADER + GOOD + "王芳,party,\x01=1+1\n" + "张三,party,klingon\n"
    response = upload(importer_client, index_page, rows)
    assert response.status_code == 200
    assert "Language (language): “=1+1” is not one of the site&#x27;s languages" in (
        response.text
    )
    assert "“klingon” is not one of the site&#x27;s languages: zh-hans" in response.text
    assert Statement.objects.count() == 0


def test_the_command_skips_rows_with_unknown_languages(tmp_path, index_page):
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + GOOD + "王芳,party,\x01=1+1\n" + "赵六,party,ZH-HANT\n")
    out = io.StringIO()
    call_command("tuidang_import", str(path), "--page", index_page.pk, stdout=out)
    assert "Created 2 statements" in out.getvalue()
    assert sorted(Statement.objects.values_list("language", flat=True)) == [
        "zh-hans",
        "zh-hant",
    ]


# Size, zip bombs, rows, preview time ----------------------------------------------


def test_an_oversized_upload_is_a_form_error_and_never_stored(
    importer_client, index_page, settings
):
    settings.WAGTAIL_TUIDANG_IMPORT_MAX_UPLOAD_BYTES = 1000
    before = stored_uploads()
    response = upload(importer_client, index_page, HEADER + GOOD * 200)
    assert response.status_code == 200
    assert "files of up to 1000\xa0bytes can be imported" in response.text
    assert stored_uploads() == before
    assert Statement.objects.count() == 0


def test_the_command_refuses_an_oversized_file(tmp_path, index_page, settings):
    settings.WAGTAIL_TUIDANG_IMPORT_MAX_UPLOAD_BYTES = 1000
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + GOOD * 200)
    with pytest.raises(CommandError, match="can be imported"):
        call_command("tuidang_import", str(path), "--page", index_page.pk)
    assert Statement.objects.count() == 0


def zip_bomb():
    """A small XLSX whose worksheet unpacks to 50 MB."""
    data = xlsx([["name", "organisations"], ["李明", "party"]])
    padding = b"<!--" + b"a" * 50_000_000 + b"-->"
    return rewrite_member(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</worksheet>", padding + b"</worksheet>"),
    )


def test_a_zip_bomb_is_refused_before_openpyxl_reads_it(
    importer_client, index_page, monkeypatch
):
    bomb = zip_bomb()
    assert len(bomb) < 200_000

    def must_not_load(*args, **kwargs):
        raise AssertionError("openpyxl read the bomb")

    monkeypatch.setattr("openpyxl.load_workbook", must_not_load)
    response = upload(importer_client, index_page, bomb, name="bomb.xlsx")
    assert response.status_code == 200
    assert "This XLSX file would take 47.7\xa0MB once unpacked" in response.text
    assert stored_uploads() == set()


def test_a_zip_bomb_is_refused_before_its_rows_are_counted(
    importer_client, index_page, monkeypatch
):
    """Counting rows unpacks the worksheets: the archive's declared sizes
    must be checked before that, or a small file keeps a worker busy."""

    def must_not_count(*args, **kwargs):
        raise AssertionError("the bomb's worksheets were unpacked")

    monkeypatch.setattr("wagtail_tuidang.transfer.reader._count", must_not_count)
    response = upload(importer_client, index_page, zip_bomb(), name="bomb.xlsx")
    assert response.status_code == 200
    assert "once unpacked" in response.text
    assert stored_uploads() == set()


def test_the_unpacked_size_is_a_setting(importer_client, index_page, settings):
    data = xlsx([["name", "organisations"], ["李明", "party"]])
    settings.WAGTAIL_TUIDANG_IMPORT_MAX_XLSX_BYTES = 1000
    response = upload(importer_client, index_page, data, name="rows.xlsx")
    assert "once unpacked" in response.text
    settings.WAGTAIL_TUIDANG_IMPORT_MAX_XLSX_BYTES = 10_000_000
    response = upload(importer_client, index_page, data, name="rows.xlsx")
    assert "李明" in response.text and token_of(response)


def test_too_many_rows_are_refused_before_anything_is_imported(
    importer_client, index_page, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_TUIDANG_IMPORT_MAX_ROWS = 5
    rows = HEADER + "".join(f"李{n},party,\n" for n in range(6))
    response = upload(importer_client, index_page, rows)
    assert "This file has more than 5 rows (empty rows count too)" in response.text
    assert 'name="token"' not in response.text
    # Blank rows count too: a file cannot hide a million of them.
    response = upload(importer_client, index_page, HEADER + GOOD + ",,\n" * 10)
    assert "more than 5 rows" in response.text
    assert Statement.objects.count() == 0


def test_a_sheet_claiming_every_column_and_row_is_read_quickly(
    importer_client, index_page
):
    data = xlsx(
        [["name", "organisations"], ["李明", "party"]],
        dimension=b'<dimension ref="A1:XFD1048576"',
    )
    started = time.monotonic()
    response = upload(importer_client, index_page, data, name="wide.xlsx")
    assert time.monotonic() - started < 10
    assert "李明" in response.text and token_of(response)


def test_the_preview_stops_after_its_rows_with_a_message(
    importer_client, index_page, settings
):
    settings.WAGTAIL_TUIDANG_IMPORT_PREVIEW_ROWS = 50
    rows = HEADER + ",,\n" * 100 + GOOD
    response = upload(importer_client, index_page, rows)
    assert (
        "The preview stopped after the first 50 rows of the file (empty rows "
        "included)." in response.text
    )
    assert token_of(response)  # the import itself reads the whole file


def test_the_preview_stops_after_its_time_with_a_message(
    importer_client, index_page, settings
):
    settings.WAGTAIL_TUIDANG_IMPORT_PREVIEW_SECONDS = 0
    response = upload(importer_client, index_page, HEADER + GOOD)
    assert "The preview stopped after 0 seconds: the file is slow to read." in (
        response.text
    )


def test_the_limits_are_checked_settings():
    from django.test import override_settings

    with override_settings(WAGTAIL_TUIDANG_IMPORT_MAX_ROWS=-1):
        ids = [error.id for error in checks.check_setting_values(None)]
    assert ids == ["wagtail_tuidang.E007"]


# Private uploads ----------------------------------------------------------------------


def test_uploads_are_private_and_not_under_media(importer_client, index_page, settings):
    response = upload(importer_client, index_page, HEADER + GOOD)
    assert token_of(response)
    [name] = stored_uploads()
    path = os.path.join(import_root(), jobs.UPLOAD_DIR, name)
    assert os.path.exists(path)
    assert os.stat(path).st_mode & 0o077 == 0
    media = os.path.realpath(settings.MEDIA_ROOT)
    assert os.path.commonpath([os.path.realpath(path), media]) != media
    assert not default_storage.exists(f"{jobs.UPLOAD_DIR}/{name}")
    url = f"{settings.MEDIA_URL}{jobs.UPLOAD_DIR}/{name}"
    assert importer_client.get(url).status_code == 404
    with pytest.raises(NotImplementedError):
        import_storage().url(f"{jobs.UPLOAD_DIR}/{name}")


def test_a_storage_under_media_root_fails_the_checks(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.WAGTAIL_TUIDANG_IMPORT_ROOT = str(tmp_path / "imports")
    [error] = checks.check_import_storage(None)
    assert error.id == "wagtail_tuidang.E012"
    settings.WAGTAIL_TUIDANG_IMPORT_ROOT = None
    settings.WAGTAIL_TUIDANG_IMPORT_STORAGE = "default"
    assert [e.id for e in checks.check_import_storage(None)] == ["wagtail_tuidang.E012"]
    settings.WAGTAIL_TUIDANG_IMPORT_STORAGE = "nope"
    assert [e.id for e in checks.check_import_storage(None)] == ["wagtail_tuidang.E012"]


def test_an_upload_folder_others_can_open_fails_the_checks(settings, tmp_path):
    """Another local account could have made the folder first (its default
    name in the shared temporary directory is known), or opened it up."""
    folder = tmp_path / "imports"
    folder.mkdir(mode=0o700)
    settings.WAGTAIL_TUIDANG_IMPORT_ROOT = str(folder)
    assert checks.check_import_storage(None) == []
    folder.chmod(0o755)
    [error] = checks.check_import_storage(None)
    assert error.id == "wagtail_tuidang.E012"
    assert "other users" in error.msg
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        folder.chmod(0o700)
        os.chown(folder, 65534, 65534)
        [error] = checks.check_import_storage(None)
        assert "belongs to another user" in error.msg


def test_no_upload_remains_after_a_failed_preview(importer_client, index_page):
    upload(importer_client, index_page, "a,b\n1,2\n")
    upload(importer_client, index_page, b"PK\x03\x04 not a zip", name="x.xlsx")
    assert stored_uploads() == set()


def test_no_upload_remains_after_success_or_cancel(
    importer_client, index_page, django_capture_on_commit_callbacks
):
    token = token_of(upload(importer_client, index_page, HEADER + GOOD))
    importer_client.post(IMPORT_URL, {"action": "cancel", "token": token})
    assert stored_uploads() == set()
    token = token_of(upload(importer_client, index_page, HEADER + GOOD))
    with django_capture_on_commit_callbacks(execute=True):
        importer_client.post(IMPORT_URL, {"action": "confirm", "token": token})
    assert stored_uploads() == set()
    assert Statement.objects.count() == 1


def test_no_upload_remains_after_a_failed_import(
    importer_client, index_page, monkeypatch, django_capture_on_commit_callbacks
):
    token = token_of(upload(importer_client, index_page, HEADER + GOOD))

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(importer.Batch, "write", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = importer_client.post(
            IMPORT_URL, {"action": "confirm", "token": token}
        )
    progress = importer_client.get(response["Location"])
    assert "The import stopped because of an error." in progress.text
    assert stored_uploads() == set()


def test_the_purge_deletes_abandoned_uploads(importer_client, index_page):
    token_of(upload(importer_client, index_page, HEADER + GOOD))
    token_of(upload(importer_client, index_page, HEADER + GOOD))
    old, recent = sorted(stored_uploads())
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(os.path.join(import_root(), jobs.UPLOAD_DIR, old), (two_days_ago,) * 2)
    # Left in the public media folder by an earlier version.
    default_storage.save(f"{jobs.UPLOAD_DIR}/legacy.csv", io.BytesIO(b"x"))

    out = io.StringIO()
    call_command("tuidang_purge", "--dry-run", stdout=out)
    assert "Would delete 2 abandoned import files." in out.getvalue()
    call_command("tuidang_purge", stdout=out)
    assert "Deleted 2 abandoned import files." in out.getvalue()
    assert stored_uploads() == {recent}
    assert not default_storage.exists(f"{jobs.UPLOAD_DIR}/legacy.csv")


def test_reader_counts_rows_without_parsing():
    with pytest.raises(reader.TooManyRows):
        from django.test import override_settings

        with override_settings(WAGTAIL_TUIDANG_IMPORT_MAX_ROWS=3):
            reader.check_row_count(io.BytesIO(b"name\n" + b",\n" * 10))
