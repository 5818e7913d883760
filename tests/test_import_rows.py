"""Imports never drop a real statement: people who share an alias, rows
identical to each other, organisations named in Chinese; every rejected row
can be downloaded; imported statements reach the tallies only through
publication, as ``tallies.rebuild()`` would count them."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.factories import UserFactory
from wagtail_tuidang.models import Statement, StatementTally
from wagtail_tuidang.statements import search, tallies, transitions
from wagtail_tuidang.transfer import importer

pytestmark = pytest.mark.django_db

HEADER = "name,organisations,people_count,region,text,declared_on\n"
IMPORT_URL = "/admin/tuidang/transfer/import/"


def import_text(page, text, **kwargs):
    return importer.import_file(io.BytesIO(text.encode()), page, **kwargs)


def test_two_people_with_the_same_alias_are_both_stored(index_page):
    rows = (
        "清风,party,1,sc,我是成都的教师，今天声明退党。,2024-05-01\n"
        "清风,party,1,sc,我在绵阳打工，声明退出中共。,2024-05-01\n"
    )
    outcome = import_text(index_page, HEADER + rows)
    assert (outcome.created, outcome.existing) == (2, 0)
    texts = set(Statement.objects.values_list("text", flat=True))
    assert texts == {"我是成都的教师，今天声明退党。", "我在绵阳打工，声明退出中共。"}
    # Same alias and region: the second is a possible duplicate to moderators.
    flags = Statement.objects.order_by("pk").values_list("flag_duplicate", flat=True)
    assert list(flags) == [False, True]
    again = import_text(index_page, HEADER + rows)
    assert (again.created, again.existing) == (0, 2)
    assert Statement.objects.count() == 2


def test_rows_with_their_own_ids_are_told_apart_by_them(index_page):
    header = "public_id,name,organisations,declared_on\n"
    rows = "a1,张伟,party,2024-05-01\nb2,张伟,party,2024-05-01\n"
    assert import_text(index_page, header + rows).created == 2
    assert import_text(index_page, header + rows).created == 0
    assert import_text(index_page, header + "c3,张伟,party,2024-05-01\n").created == 1


def test_identical_rows_are_all_kept_and_flagged(index_page):
    row = "李明,party,1,sc,我退出。,2024-01-02\n"
    other = "王芳,young_pioneers,1,gd,,2024-01-02\n"
    outcome = import_text(index_page, HEADER + row + other + row + row)
    assert (outcome.created, outcome.identical) == (4, 2)
    li = Statement.objects.filter(name="李明")
    assert li.count() == 3 and all(s.flag_duplicate for s in li)
    assert not Statement.objects.get(name="王芳").flag_duplicate
    # The same file again: each of the three is recognised, none added.
    again = import_text(index_page, HEADER + row + other + row + row)
    assert (again.created, again.existing) == (0, 4)
    # One more identical row in a longer file is a fourth person.
    assert import_text(index_page, HEADER + row * 4).created == 1


def test_identical_rows_across_import_steps_keep_their_keys(index_page):
    row = "李明,party,1,sc,我退出。,2024-01-02\n"
    text = HEADER + row * 5
    outcome = import_text(index_page, text, stop=2)
    assert not outcome.complete and outcome.created == 2
    outcome = import_text(index_page, text, outcome=outcome, stop=4)
    outcome = import_text(index_page, text, outcome=outcome)
    assert outcome.complete and outcome.created == 5
    assert import_text(index_page, text).created == 0
    first = Statement.objects.order_by("pk").first()
    assert first.flag_duplicate  # flagged when its twin came in a later step


@pytest.mark.parametrize(
    ("cell", "party", "league", "pioneers"),
    [
        ("党;团;队", True, True, True),
        ("中共/共青团/少先队", True, True, True),
        ("中國共產黨、共青團", True, True, False),
        ("中国共产党", True, False, False),
        ("黨，隊", True, False, True),
        ("少先隊員", False, False, True),
        ("退党团", True, True, False),
        ("三退", True, True, True),
        ("Chinese Communist Party, Young Pioneers", True, False, True),
        ("Communist Youth League", False, True, False),
        ("party youth_league", True, True, False),
    ],
)
def test_organisations_in_chinese_and_english(
    index_page, cell, party, league, pioneers
):
    outcome = import_text(index_page, f'name,organisations\n周明,"{cell}"\n')
    assert outcome.invalid == 0, outcome.errors
    stored = Statement.objects.get()
    assert (
        stored.quit_party,
        stored.quit_youth_league,
        stored.quit_young_pioneers,
    ) == (
        party,
        league,
        pioneers,
    )


def test_an_unknown_organisation_is_a_row_error(index_page):
    outcome = import_text(index_page, "name,organisations\n周明,党;国民党\n")
    assert outcome.invalid == 1 and Statement.objects.count() == 0
    assert "Choose organisations from the list." in str(outcome.errors)


def importer_user():
    user = UserFactory()
    for codename in ("access_admin", "import_statements"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


BAD_ROWS = (
    "李明,party,1,sc,我退出。,2024-01-02\n"
    '"=HYPERLINK(""http://x"")",party,1,zz,,\n'
    "赵六,party,999,,,\n"
    "钱八,国民党,1,,,\n"
)


def run_admin_import(client, index_page, content, capture):
    file = SimpleUploadedFile("rows.csv", content.encode())
    response = client.post(IMPORT_URL, {"index_page": index_page.pk, "file": file})
    token = response.text.split('name="token" value="')[1].split('"')[0]
    with capture(execute=True):
        response = client.post(IMPORT_URL, {"action": "confirm", "token": token})
    return response["Location"]


def test_every_rejected_row_can_be_downloaded(
    client, index_page, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAIL_TUIDANG_IMPORT_STEP_ROWS = 2  # two steps, two parts
    client.force_login(importer_user())
    progress_url = run_admin_import(
        client, index_page, HEADER + BAD_ROWS, django_capture_on_commit_callbacks
    )
    page = client.get(progress_url)
    while "The import is finished." not in page.text:
        page = client.get(progress_url)
    assert "Download every rejected row" in page.text
    response = client.get(progress_url + "rejected.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["line"] for row in rows] == ["3", "4", "5"]
    assert rows[0]["name"] == '\'=HYPERLINK("http://x")'  # formula guard
    assert "at most" in rows[1]["reason"] and rows[1]["name"] == "赵六"
    assert "Choose organisations from the list." in rows[2]["reason"]
    assert Statement.objects.get().name == "李明"
    # Nobody else may read them.
    client.force_login(importer_user())
    assert client.get(progress_url + "rejected.csv").status_code == 404


def test_a_clean_import_offers_no_download(
    client, index_page, django_capture_on_commit_callbacks
):
    client.force_login(importer_user())
    progress_url = run_admin_import(
        client,
        index_page,
        HEADER + "李明,party,1,sc,,2024-01-02\n",
        django_capture_on_commit_callbacks,
    )
    page = client.get(progress_url)
    assert "The import is finished." in page.text
    assert "Download every rejected row" not in page.text


def test_the_command_writes_rejected_rows(tmp_path, index_page):
    source, rejected = tmp_path / "rows.csv", tmp_path / "rejected.csv"
    source.write_text(HEADER + BAD_ROWS, encoding="utf-8")
    call_command(
        "tuidang_import",
        str(source),
        "--page",
        str(index_page.pk),
        "--rejected",
        str(rejected),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    rows = list(csv.DictReader(rejected.open(encoding="utf-8-sig")))
    assert [(row["line"], row["name"]) for row in rows] == [
        ("3", '\'=HYPERLINK("http://x")'),
        ("4", "赵六"),
        ("5", "钱八"),
    ]


def tally_rows(page):
    return sorted(
        StatementTally.objects.filter(index_page_id=page.pk).values_list(
            "day",
            "statements",
            "people",
            "people_party",
            "people_youth_league",
            "people_young_pioneers",
        )
    )


def test_tallies_equal_a_rebuild_after_imports_and_publications(index_page):
    rows = "".join(
        f"人{n},{['party', '团;队', '中共/少先队'][n % 3]},{1 + n % 4},,,2024-01-02\n"
        for n in range(40)
    )
    import_text(index_page, HEADER + rows, user=UserFactory())
    assert tally_rows(index_page) == []  # pending: not counted
    moderator = UserFactory()
    statements = list(Statement.objects.order_by("pk"))
    assert (
        len(transitions.change_many(statements[:30], "publish", moderator).done) == 30
    )
    transitions.take_down(statements[3], moderator, public_reason="重复")
    import_text(index_page, HEADER + rows + rows[: rows.index("\n") + 1])
    transitions.change_many(
        list(Statement.objects.filter(status="pending")), "publish", moderator
    )
    counted = tally_rows(index_page)
    assert counted and sum(row[1] for row in counted) == 40
    tallies.rebuild(index_page)
    assert tally_rows(index_page) == counted


def test_imported_search_text_is_what_a_save_would_write(index_page):
    header = "name,alias,is_real_name,consent_real_name,organisations,text\n"
    rows = (
        "張偉,,,,party,我退黨。\n"
        "李明,明月,yes,yes,party,ＡＢＣ\n"
        "王芳,,yes,,party,\n"
        "清风,,,,party,\n"
    )
    assert import_text(index_page, header + rows).created == 4
    for statement in Statement.objects.all():
        assert statement.search_text == search.search_text(statement)
    # A real name waits for confirmation: only the alias can be found.
    assert Statement.objects.get(name="李明").search_text == "明月\nabc"


def test_an_imported_row_is_pending_whatever_it_holds(index_page):
    row = {"name": "张伟", "organisations": "party"}
    values = importer.RowCleaner(index_page)(2, row, importer.Outcome())
    values.update(
        import_key="k" * 32,
        status="published",
        published_at=timezone.now(),
        registration_number="1234567890123",
    )
    assert len(transitions.submit_imported(index_page, [values])) == 1
    statement = Statement.objects.get()
    assert statement.status == "pending"
    assert (statement.published_at, statement.registration_number) == (None, None)
