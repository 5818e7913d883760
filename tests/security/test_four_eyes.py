"""Four eyes on publication: nobody publishes words they wrote, entered,
imported or corrected — superusers included.

A moderator rewrote a stranger's pending statement through the correction
form to a third party's real name and published it alone; imported rows
carried no importer, so the importer could publish them. Each case here is
refused with a sentence in the admin (never an error), and another person
can still publish.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.factories import SuperuserFactory, make_statement
from tests.helpers import (
    CONSOLE_URL,
    QUEUE_URL,
    bulk_url,
    caller,
    decide_url,
    inspect_url,
    logged_in,
    messages_of,
    moderator,
)
from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation.models import RealNameConfirmation
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db

CORRECTED = (
    "Nothing was changed: Nobody may publish a statement whose wording they "
    "corrected: another moderator must review the correction."
)
SUBMITTED = "Nothing was changed: Nobody may publish a statement they submitted."
HEADER = "name,organisations,people_count,region,text,declared_on\n"
ROW = "李明,party;youth_league,2,sc,我退出。,2024-01-02\n"


def status_of(statement):
    return Statement.objects.get(pk=statement.pk).status


def correct(client, statement, **changes):
    data = {"name": statement.name, "alias": "", "text": statement.text}
    data.update(region=statement.region, **changes)
    return client.post(f"{QUEUE_URL}edit/{statement.pk}/", data)


@pytest.fixture(params=["moderator", "superuser"])
def corrector(request):
    """Who corrects: a moderator, or a superuser (not exempt either)."""
    return moderator() if request.param == "moderator" else SuperuserFactory()


# Corrections ------------------------------------------------------------------


def test_whoever_corrects_a_statement_cannot_publish_it(client, index_page, corrector):
    statement, _code = make_statement(index_page=index_page, name="路人甲")
    staff = logged_in(client, corrector)
    response = correct(staff, statement, name="张三丰", text="我是张三丰，我退党。")
    assert response.status_code == 302
    stored = Statement.objects.get(pk=statement.pk)
    assert stored.name == "张三丰"
    assert stored.last_edited_by == corrector

    inspect = staff.get(inspect_url(statement)).text
    assert decide_url(statement, "publish") not in inspect
    assert "whose wording they corrected" in inspect

    response = staff.post(decide_url(statement, "publish"))
    assert response.status_code == 302
    assert messages_of(response) == [CORRECTED]
    assert status_of(statement) == Status.PENDING

    response = staff.post(bulk_url("publish", [statement]))
    assert response.status_code == 302
    assert (
        f"Statement #{statement.pk} was skipped: Nobody may publish a "
        "statement whose wording they corrected: another moderator must review "
        "the correction."
    ) in messages_of(response)
    assert status_of(statement) == Status.PENDING

    other = logged_in(client, moderator())
    assert other.post(decide_url(statement, "publish")).status_code == 302
    assert status_of(statement) == Status.PUBLISHED


def test_a_correction_by_someone_else_needs_a_new_reader(client, index_page):
    first, second = moderator(), moderator()
    statement, _code = make_statement(index_page=index_page)
    correct(logged_in(client, first), statement, text="第一次修改。")
    correct(logged_in(client, second), statement, text="第二次修改。")
    assert Statement.objects.get(pk=statement.pk).last_edited_by == second
    response = client.post(decide_url(statement, "publish"))
    assert messages_of(response)[-1] == CORRECTED
    assert status_of(statement) == Status.PENDING


def test_a_correction_that_changes_nothing_records_nobody(client, index_page):
    statement, _code = make_statement(index_page=index_page, alias="")
    staff = logged_in(client, moderator())
    correct(staff, statement)
    assert Statement.objects.get(pk=statement.pk).last_edited_by is None
    staff.post(decide_url(statement, "publish"))
    assert status_of(statement) == Status.PUBLISHED


# Statements entered in the console --------------------------------------------


def test_whoever_enters_a_statement_cannot_publish_it_even_a_superuser(
    client, index_page
):
    admin = logged_in(client, SuperuserFactory())
    assert admin.post(CONSOLE_URL, caller(index_page)).status_code == 200
    statement = Statement.objects.get()
    response = admin.post(decide_url(statement, "publish"))
    assert messages_of(response) == [SUBMITTED]
    assert status_of(statement) == Status.PENDING


# Imports ----------------------------------------------------------------------


def admin_import(client, index_page):
    upload = SimpleUploadedFile("rows.csv", (HEADER + ROW).encode())
    response = client.post(
        "/admin/tuidang/transfer/import/", {"index_page": index_page.pk, "file": upload}
    )
    token = response.text.split('name="token" value="')[1].split('"')[0]
    client.post(
        "/admin/tuidang/transfer/import/", {"action": "confirm", "token": token}
    )


def test_whoever_imports_cannot_publish_it_even_a_superuser(
    client, index_page, django_capture_on_commit_callbacks
):
    superuser = SuperuserFactory()
    admin = logged_in(client, superuser)
    with django_capture_on_commit_callbacks(execute=True):
        admin_import(admin, index_page)
    statement = Statement.objects.get()
    assert statement.source == "import" and statement.submitted_by == superuser
    response = admin.post(bulk_url("publish", [statement]))
    assert (
        f"Statement #{statement.pk} was skipped: Nobody may publish a "
        "statement they submitted."
    ) in messages_of(response)
    assert status_of(statement) == Status.PENDING


def test_a_command_line_import_records_the_importer(tmp_path, client, index_page):
    importer = moderator(username="importer")
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + ROW, encoding="utf-8")
    call_command(
        "tuidang_import",
        str(path),
        "--page",
        str(index_page.pk),
        "--user",
        "importer",
        stdout=io.StringIO(),
    )
    statement = Statement.objects.get()
    assert statement.submitted_by == importer
    response = logged_in(client, importer).post(decide_url(statement, "publish"))
    assert messages_of(response) == [SUBMITTED]
    assert status_of(statement) == Status.PENDING


def test_a_command_line_import_refuses_an_unknown_user(tmp_path, index_page):
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + ROW, encoding="utf-8")
    with pytest.raises(CommandError, match="No user has the username 'nobody'"):
        call_command(
            "tuidang_import",
            str(path),
            "--page",
            str(index_page.pk),
            "--user",
            "nobody",
        )
    assert not Statement.objects.exists()


def test_whoever_corrects_a_real_name_cannot_confirm_it(client, index_page):
    statement, _code = make_statement(
        index_page=index_page,
        name="王真名",
        alias="小王",
        is_real_name=True,
        consent_real_name=True,
    )
    staff = logged_in(client, moderator())
    correct(staff, statement, name="李四", alias="小王")
    response = staff.post(decide_url(statement, "confirm_real_name"))
    assert messages_of(response)[-1] == (
        "Nothing was changed: You corrected it yourself."
    )
    assert not RealNameConfirmation.objects.filter(statement=statement).exists()
