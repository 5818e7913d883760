"""The moderation queue in the Wagtail admin: listing, filters, search,
sorting, inspect, correction, menu count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory, make_statement
from tests.helpers import (
    QUEUE_URL,
    XSS_NAME,
    XSS_TEXT,
    assert_escaped,
    inspect_url,
    logged_in,
    moderation_user,
    moderator,
)
from wagtail_tuidang.models import RealNameConfirmation, Statement
from wagtail_tuidang.moderation.setup import (
    CONTACT_OFFICERS,
    EDITORS,
    VOLUNTEERS,
)
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db


def row_names(response):
    """Names in the listing's title column, in order."""
    import re

    return re.findall(r'id="statement_\d+_title"[^>]*>\s*([^<]*?)\s*<', response.text)


@pytest.fixture
def mod_client(client):
    return logged_in(client, moderator())


def test_the_queue_lists_pending_statements_oldest_first(mod_client, index_page):
    older, _ = make_statement(index_page=index_page, name="早")
    newer, _ = make_statement(index_page=index_page, name="晚")
    Statement.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(hours=2)
    )
    make_statement(index_page=index_page, name="已发布", status="published")
    make_statement(index_page=index_page, name="垃圾", status="spam")

    response = mod_client.get(QUEUE_URL)
    assert response.status_code == 200
    assert row_names(response) == ["早", "晚"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "published"}, ["已发布"]),
        ({"status": ""}, ["普通", "重复", "太快", "真名", "北京", "已发布"]),
        ({"flag_duplicate": "true"}, ["重复"]),
        ({"flag_too_fast": "true"}, ["太快"]),
        ({"flagged": "true"}, ["重复", "太快"]),
        ({"flagged": "false"}, ["普通", "真名", "北京"]),
        ({"real_name": "waiting"}, ["真名"]),
        ({"region": "bj"}, ["北京"]),
        ({"region": "none"}, []),
        ({"region": "none", "tab": "all"}, ["太快"]),
        ({"tab": "flag_too_fast"}, ["太快"]),
        ({"organisation": "young_pioneers"}, ["北京"]),
        ({"source": "phone"}, []),
        ({"source": "phone", "tab": "all"}, ["重复"]),
        ({"q": "阳光"}, ["普通"]),
        ({"q": "小名"}, ["真名"]),
    ],
)
def test_filters_and_search(mod_client, index_page, params, expected):
    hour = datetime.timedelta(hours=1)
    fields = [
        {"name": "普通", "text": "阳光下的声明"},
        {"name": "重复", "flag_duplicate": True, "source": "phone"},
        {"name": "太快", "flag_too_fast": True, "region": ""},
        {
            "name": "真名",
            "is_real_name": True,
            "consent_real_name": True,
            "alias": "小名",
        },
        {"name": "北京", "region": "bj", "quit_young_pioneers": True},
    ]
    for number, extra in enumerate(fields):
        statement, _ = make_statement(index_page=index_page, **extra)
        Statement.objects.filter(pk=statement.pk).update(
            submitted_at=timezone.now() - (10 - number) * hour,
            # submit() computes the duplicate flag itself: set it as given.
            flag_duplicate=extra.get("flag_duplicate", False),
        )
    make_statement(index_page=index_page, name="已发布", status="published")

    # A search is moved from ?q= to the session (see tests/security).
    assert row_names(mod_client.get(QUEUE_URL, params, follow=True)) == expected


def test_filter_by_index_page_and_date_range(mod_client, index_page, home_page):
    from wagtail_tuidang.pages.models import StatementIndexPage

    other = home_page.add_child(instance=StatementIndexPage(title="B", slug="b"))
    here, _ = make_statement(index_page=index_page, name="这里")
    make_statement(index_page=other, name="那里")
    old, _ = make_statement(index_page=index_page, name="去年")
    Statement.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=400)
    )

    by_page = mod_client.get(QUEUE_URL, {"index_page": other.pk})
    assert row_names(by_page) == ["那里"]
    today = timezone.localdate().isoformat()
    by_date = mod_client.get(
        QUEUE_URL, {"submitted_at_from": today, "submitted_at_to": today}
    )
    assert sorted(row_names(by_date)) == ["这里", "那里"]


def test_sorting_by_people(mod_client, index_page):
    for name, people in (("三人", 3), ("一人", 1), ("两人", 2)):
        make_statement(index_page=index_page, name=name, people_count=people)
    response = mod_client.get(QUEUE_URL, {"ordering": "-people_count"})
    assert row_names(response) == ["三人", "两人", "一人"]


@pytest.mark.parametrize(
    "bad",
    [
        {"status": "nonsense"},
        {"index_page": "abc"},
        {"submitted_at_from": "not-a-date"},
        {"ordering": "contact_encrypted"},
        {"p": "999"},
        {"q": "\x00"},
        {"region": "<script>"},
    ],
)
def test_bad_query_parameters_never_break_the_queue(mod_client, index_page, bad):
    make_statement(index_page=index_page)
    response = mod_client.get(QUEUE_URL, bad, follow=True)
    assert response.status_code == 200


def test_the_queue_costs_the_same_for_10_and_100_statements(
    mod_client, index_page, django_assert_max_num_queries
):
    def count_queries():
        mod_client.get(QUEUE_URL)  # warm per-process caches (content types…)
        with CaptureQueriesContext(connection) as queries:
            response = mod_client.get(QUEUE_URL)
        assert response.status_code == 200
        return len(queries)

    add_pending(index_page, 10)
    with_10 = count_queries()
    add_pending(index_page, 90)
    with_100 = count_queries()
    assert with_10 == with_100
    assert with_100 <= 25


def add_pending(page, count):
    Statement.objects.bulk_create(
        Statement(index_page=page, name=f"批量{i}", quit_party=True, region="gd")
        for i in range(count)
    )


def test_user_text_stays_escaped_on_every_queue_view(mod_client, index_page):
    statement, _ = make_statement(
        index_page=index_page,
        name=XSS_NAME,
        alias=XSS_TEXT,
        is_real_name=True,
        consent_real_name=True,
        text=XSS_TEXT,
        contact=XSS_TEXT,
    )
    RealNameConfirmation.objects.create(statement=statement, user=None)
    urls = [
        QUEUE_URL,
        QUEUE_URL + "results/",
        inspect_url(statement),
        f"{QUEUE_URL}history/{statement.pk}/",
        f"{QUEUE_URL}edit/{statement.pk}/",
    ]
    for url in urls:
        response = mod_client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.text)


def test_inspect_shows_fields_but_never_the_contact(mod_client, index_page):
    statement, code = make_statement(
        index_page=index_page,
        name="检查",
        text="声明正文",
        contact="secret@example.org",
    )
    statement.refresh_from_db()
    html = mod_client.get(inspect_url(statement)).text
    assert "检查" in html and "声明正文" in html
    assert "The submitter left contact details: yes." in html
    assert "secret@example.org" not in html
    assert statement.contact_encrypted not in html
    assert statement.receipt_hash not in html
    # A moderator without the contact permission gets no link to it.
    assert f"contact/{statement.pk}/" not in html


def test_the_menu_shows_how_many_statements_wait(mod_client, index_page):
    for _ in range(3):
        make_statement(index_page=index_page)
    make_statement(index_page=index_page, status="published")
    html = mod_client.get("/admin/").text
    assert "Statements (3)" in html


def test_editors_and_volunteers_do_not_see_the_menu(client, index_page):
    make_statement(index_page=index_page)
    for group in (EDITORS, VOLUNTEERS):
        logged_in(client, moderation_user(group))
        assert "Statements (" not in client.get("/admin/").text
    logged_in(client, moderation_user(CONTACT_OFFICERS))
    assert "Statements (1)" in client.get("/admin/").text


def test_a_moderator_corrects_a_pending_statement(mod_client, index_page):
    statement, _ = make_statement(index_page=index_page, name="错字", text="旧")
    response = mod_client.post(
        f"{QUEUE_URL}edit/{statement.pk}/",
        {"name": "正字", "alias": "", "text": "新的声明", "region": "gd"},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.name, statement.text) == ("正字", "新的声明")
    assert statement.status == Status.PENDING


def test_a_correction_cannot_publish_or_confirm(mod_client, index_page):
    statement, _ = make_statement(
        index_page=index_page, name="王真名", is_real_name=True, consent_real_name=True
    )
    mod_client.post(
        f"{QUEUE_URL}edit/{statement.pk}/",
        {
            "name": "王真名",
            "alias": "王真名",
            "text": "",
            "region": "gd",
            "status": "published",
            "real_name_confirmed": "on",
            "people_count": "40",
        },
    )
    statement.refresh_from_db()
    assert statement.alias == ""
    assert statement.status == Status.PENDING
    assert not statement.real_name_confirmed
    assert statement.people_count == 1


def test_a_changed_real_name_loses_its_confirmations(mod_client, index_page):
    statement, _ = make_statement(
        index_page=index_page,
        name="王真名",
        alias="小王",
        is_real_name=True,
        consent_real_name=True,
    )
    RealNameConfirmation.objects.create(statement=statement, user=UserFactory())
    mod_client.post(
        f"{QUEUE_URL}edit/{statement.pk}/",
        {"name": "王新名", "alias": "小王", "text": "", "region": "gd"},
    )
    assert not RealNameConfirmation.objects.filter(statement=statement).exists()


@pytest.mark.parametrize("status", ["published", "rejected", "spam", "withdrawn"])
def test_only_pending_statements_can_be_corrected(mod_client, index_page, status):
    statement, _ = make_statement(index_page=index_page, status=status, name="已定")
    url = f"{QUEUE_URL}edit/{statement.pk}/"
    assert mod_client.get(url).status_code == 404
    response = mod_client.post(url, {"name": "改", "text": "", "region": ""})
    assert response.status_code == 404
    statement.refresh_from_db()
    assert statement.name == "已定"


def test_statements_cannot_be_added_or_deleted_in_the_admin(mod_client, index_page):
    statement, _ = make_statement(index_page=index_page)
    for url in (f"{QUEUE_URL}new/", f"{QUEUE_URL}delete/{statement.pk}/"):
        assert mod_client.get(url).status_code == 404
        assert mod_client.post(url).status_code == 404
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_statements_stay_out_of_wagtails_search_index():
    # Names and texts must not be copied into a search backend (privacy): the
    # queue searches the database instead.
    from wagtail.search.index import class_is_indexed

    assert not class_is_indexed(Statement)
