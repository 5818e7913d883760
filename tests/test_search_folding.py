"""Searching across Traditional and Simplified characters, fullwidth and
halfwidth forms, and case: on the wall (``?q=``) and in the moderation queue.

A real name that is not shown stays unsearchable on the wall, whichever
script the search is written in; it becomes findable once it is public, and
unfindable again once redacted or taken down.
"""

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_statement
from tests.helpers import QUEUE_URL, logged_in, moderator
from tests.test_listing import shown_names
from tests.test_moderation import row_names
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import transitions

pytestmark = pytest.mark.django_db


def publish(page, **fields):
    return make_statement(status="published", index_page=page, **fields)[0]


def wall_search(client, page, words):
    return shown_names(client.get(page.url, {"q": words}))


@pytest.fixture
def mod_client(client):
    return logged_in(client, moderator())


def queue_search(mod_client, words, status="pending"):
    """The queue's rows for ``words``, searched as a moderator does (the box
    posts; the listing comes back under a key)."""
    response = mod_client.post(f"{QUEUE_URL}?status={status}", {"q": words})
    assert response.status_code == 302
    return sorted(row_names(mod_client.get(response["Location"])))


# The wall


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("我宣布退党。", "退黨"),
        ("我宣布退黨。", "退党"),
        ("本人郑重声明", "聲明"),
        ("本人鄭重聲明", "声明"),
    ],
)
def test_the_wall_finds_text_in_either_script(client, index_page, written, searched):
    publish(index_page, name="某人", text=written)
    publish(index_page, name="别人", text="与此无关。")
    assert wall_search(client, index_page, searched) == ["某人"]


def test_the_wall_finds_a_shown_name_in_either_script(client, index_page):
    publish(index_page, name="叶诚心", text="")
    publish(index_page, name="張偉", text="")
    assert wall_search(client, index_page, "葉誠心") == ["叶诚心"]
    assert wall_search(client, index_page, "诚心") == ["叶诚心"]
    assert wall_search(client, index_page, "张伟") == ["張偉"]


@pytest.mark.parametrize("searched", ["ＡＢＣ", "abc", "ABC", "Ａｂｃ"])
def test_the_wall_folds_width_and_case(client, index_page, searched):
    publish(index_page, name="Abc Zhou", text="")
    publish(index_page, name="Ｘｙｚ", text="I QUIT THE PARTY")
    assert wall_search(client, index_page, searched) == ["Abc Zhou"]


def test_fullwidth_and_capital_text_is_found_by_plain_words(client, index_page):
    publish(index_page, name="Ｘｙｚ", text="I QUIT THE PARTY")
    assert wall_search(client, index_page, "xyz") == ["Ｘｙｚ"]
    assert wall_search(client, index_page, "quit the party") == ["Ｘｙｚ"]


def test_a_search_never_spans_the_name_and_the_text(client, index_page):
    publish(index_page, name="王五", text="退党")
    assert wall_search(client, index_page, "五退") == []
    assert wall_search(client, index_page, "王五") == ["王五"]


def test_invisible_characters_alone_find_nothing(client, index_page):
    publish(index_page, name="王五", text="退党")
    assert wall_search(client, index_page, "\u200b") == []


def hidden_real_name(page):
    return publish(
        page,
        name="叶诚心",
        alias="小叶",
        is_real_name=True,
        consent_real_name=True,
        text="声明退出。",
    )


@pytest.mark.parametrize("searched", ["叶诚心", "葉誠心", "诚心", "誠心"])
def test_a_hidden_real_name_is_found_by_neither_script(client, index_page, searched):
    hidden_real_name(index_page)
    assert wall_search(client, index_page, searched) == []
    assert wall_search(client, index_page, "小叶") == ["小叶"]


def test_an_unconsented_real_name_is_never_found(client, index_page):
    publish(index_page, name="叶诚心", alias="小叶", is_real_name=True, text="")
    assert wall_search(client, index_page, "葉誠心") == []
    assert wall_search(client, index_page, "叶诚心") == []


def test_a_real_name_is_found_once_public_and_not_after_redaction(client, index_page):
    from wagtail_tuidang.moderation.confirmations import confirm_real_name
    from wagtail_tuidang.moderation.redactions import redact

    statement = hidden_real_name(index_page)
    confirm_real_name(statement, moderator())
    assert wall_search(client, index_page, "葉誠心") == []
    confirm_real_name(statement, moderator())

    assert wall_search(client, index_page, "葉誠心") == ["叶诚心"]
    assert wall_search(client, index_page, "叶诚心") == ["叶诚心"]
    # The alias is no longer what the wall shows.
    assert wall_search(client, index_page, "小叶") == []

    redact(statement, "name", "诚心", moderator())
    assert wall_search(client, index_page, "葉誠心") == []
    # A changed real name needs confirming again: the alias shows meanwhile.
    assert wall_search(client, index_page, "小叶") == ["小叶"]


def test_redacted_words_are_not_found(client, index_page):
    from wagtail_tuidang.moderation.redactions import redact

    statement = publish(index_page, name="某人", text="电话一二三四，退党。")
    redact(statement, "text", "电话一二三四", moderator())
    assert wall_search(client, index_page, "電話") == []
    assert wall_search(client, index_page, "退黨") == ["某人"]


def test_a_taken_down_statement_is_not_found(client, index_page):
    statement = publish(index_page, name="叶诚心", text="")
    assert wall_search(client, index_page, "葉誠心") == ["叶诚心"]
    transitions.take_down(statement, moderator(), public_reason="请求删除")
    assert wall_search(client, index_page, "葉誠心") == []


def test_a_corrected_text_is_searched_as_corrected(client, index_page):
    statement = publish(index_page, name="某人", text="旧的话")
    statement.text = "新的話"
    statement.save(update_fields=["text"])
    assert wall_search(client, index_page, "旧的话") == []
    assert wall_search(client, index_page, "新的话") == ["某人"]


def test_imported_statements_are_searchable(client, index_page):
    rows = [Statement(name="葉誠心", quit_party=True, text="")]
    (created,) = transitions.submit_many(index_page, rows)
    transitions.publish(created)
    assert wall_search(client, index_page, "叶诚心") == ["葉誠心"]


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), shown_names(response)


def test_a_folded_search_costs_what_a_plain_search_costs(client, index_page):
    for number in range(5):
        publish(index_page, name=f"某人{number}", text="我宣布退党。")
    for _warm in range(2):  # the route, then its site and wall, then cached
        client.get(index_page.url)  # caches what every request reads
    plain, plain_names = _count_queries(client, index_page.url + "?q=退党")
    folded, names = _count_queries(client, index_page.url + "?q=退黨")
    assert len(names) == 5 and names == plain_names
    assert folded == plain


# The moderation queue


def test_the_queue_finds_words_in_either_script(mod_client, index_page):
    make_statement(index_page=index_page, name="叶诚心", text="我宣布退党。")
    make_statement(index_page=index_page, name="李四", text="与此无关。")
    assert queue_search(mod_client, "退黨") == ["叶诚心"]
    assert queue_search(mod_client, "葉誠心") == ["叶诚心"]
    assert queue_search(mod_client, "ＬＩ") == []


def test_the_queue_finds_a_hidden_real_name_in_either_script(mod_client, index_page):
    make_statement(
        index_page=index_page,
        name="叶诚心",
        alias="小叶",
        is_real_name=True,
        consent_real_name=True,
        text="",
    )
    make_statement(index_page=index_page, name="李四", text="")
    # Moderators read real names: they find them as typed, and a whole
    # name in the other script.
    assert queue_search(mod_client, "叶诚心") == ["叶诚心"]
    assert queue_search(mod_client, "葉誠心") == ["叶诚心"]
    assert queue_search(mod_client, "小叶") == ["叶诚心"]


def test_select_all_keeps_the_queues_search(mod_client, index_page):
    found, _code = make_statement(index_page=index_page, name="某人", text="退黨")
    other, _code = make_statement(index_page=index_page, name="李四", text="")
    location = mod_client.post(QUEUE_URL, {"q": "退党"})["Location"]
    key = re.search(r"search=([\w-]+)", location).group(1)
    url = reverse(
        "wagtail_bulk_action", args=["wagtail_tuidang", "statement", "mark_spam"]
    )
    response = mod_client.post(f"{url}?id=all&search={key}&next={QUEUE_URL}")
    assert response.status_code == 302
    statuses = dict(Statement.objects.values_list("pk", "status"))
    assert statuses[found.pk] == "spam"
    assert statuses[other.pk] == "pending"


def test_withdrawn_words_once_erased_are_not_found(mod_client, index_page):
    from wagtail_tuidang import retention

    make_statement(index_page=index_page, status="withdrawn", text="我宣布退党。")
    assert len(queue_search(mod_client, "退黨", status="withdrawn")) == 1
    retention.purge_names(days=0)
    assert queue_search(mod_client, "退黨", status="withdrawn") == []


# The data migration


def test_the_data_migration_fills_existing_statements(client, index_page):
    migration = importlib.import_module("wagtail_tuidang.migrations.0013_search_text")
    publish(index_page, name="葉誠心", text="退黨")
    hidden_real_name(index_page)
    # As stored before the migration: no search text at all.
    Statement.objects.update(search_text="")
    assert wall_search(client, index_page, "叶诚心") == []

    migration.fill(apps, connection.schema_editor())

    assert wall_search(client, index_page, "叶诚心") == ["葉誠心"]
    assert wall_search(client, index_page, "退党") == ["葉誠心"]
    assert wall_search(client, index_page, "小叶") == ["小叶"]


def test_a_queue_subclass_may_search_more_fields(index_page):
    from wagtail_tuidang.moderation.views import StatementIndexView

    make_statement(index_page=index_page, name="叶诚心", text="")
    rejected, _code = make_statement(index_page=index_page, name="李四", text="")
    Statement.objects.filter(pk=rejected.pk).update(public_reason="请补充地区")
    view = StatementIndexView(search_fields=["name", "alias", "text", "public_reason"])

    def found(words):
        view.__dict__.update(search_query=words, is_searching=True)
        queryset = view.search_queryset(Statement.objects.all())
        return sorted(queryset.values_list("name", flat=True))

    assert found("补充地区") == ["李四"]
    assert found("葉誠心") == ["叶诚心"]
