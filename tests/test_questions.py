"""Yes-or-no questions asked together in one query: the same answers as the
ORM's, values always passed as parameters, the SQL made once per shape."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import make_statement
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import questions
from wagtail_tuidang.statements.models import SpentToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(index_page):
    statement, _code = make_statement(index_page=index_page, name="王五", region="gd")
    later = timezone.now() + datetime.timedelta(hours=1)
    SpentToken.objects.create(digest="a" * 64, expires_at=later)
    SpentToken.objects.create(digest="b" * 64, expires_at=later)
    return statement


def test_answers_as_the_orm_does_in_one_query(rows, django_assert_num_queries):
    page = rows.index_page_id
    cases = [
        (Statement, {"index_page_id": page, "fingerprint": rows.fingerprint}),
        (Statement, {"index_page_id": page + 1, "fingerprint": rows.fingerprint}),
        (Statement, {"index_page_id": page, "fingerprint": "other"}),
        (SpentToken, {"digest": ["a" * 64]}),
        (SpentToken, {"digest": ["c" * 64, "b" * 64]}),
        (SpentToken, {"digest": ("c" * 64, "d" * 64, "e" * 64)}),
    ]
    expected = [
        model.objects.filter(
            **{
                f"{name}__in" if isinstance(value, (list, tuple)) else name: value
                for name, value in conditions.items()
            }
        ).exists()
        for model, conditions in cases
    ]
    assert expected == [True, False, False, True, True, False]
    with django_assert_num_queries(1):
        answers = questions.ask(*(questions.Rows(*case) for case in cases))
    assert answers == expected


def test_values_are_parameters_never_sql(rows):
    tricky = [
        "x' OR '1'='1",
        'x") OR 1=1 --',
        "'; DELETE FROM wagtail_tuidang_statement; --",
    ]
    assert (
        questions.ask(
            *(questions.Rows(Statement, {"fingerprint": value}) for value in tricky),
            questions.Rows(SpentToken, {"digest": tricky}),
        )
        == [False] * 4
    )
    assert Statement.objects.count() == 1


def test_the_sql_is_made_once_per_shape(rows):
    questions._sql.cache_clear()
    for digest in ("a" * 64, "b" * 64, "c" * 64):
        questions.ask(questions.Rows(SpentToken, {"digest": [digest]}))
    questions.ask(questions.Rows(SpentToken, {"digest": ["a" * 64, "b" * 64]}))
    info = questions._sql.cache_info()
    assert (info.misses, info.hits) == (2, 2)  # one list of one, one of two
