"""Statements published at the same moment never share a registration
number: the unique constraint decides, and the loser draws another.

Needs PostgreSQL (concurrent transactions); SQLite serialises all writes.
"""

import itertools
import threading
from unittest import mock

import pytest
from django.db import connection

from tests.factories import make_statement
from tests.helpers import race
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import registration, transitions

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"
    ),
]

PUBLICATIONS = 4


def doubled_numbers():
    """A number source that hands each number out twice, to two of the
    racing publications: one of them must meet it taken."""
    # Drawn with the real function: new_number() itself is replaced by draw.
    real = registration.new_number
    numbers = (real() for _ in itertools.count())
    lock, state = threading.Lock(), {"calls": 0, "number": None}

    def draw():
        with lock:
            if state["calls"] % 2 == 0:
                state["number"] = next(numbers)
            state["calls"] += 1
            return state["number"]

    return draw, state


def test_concurrent_publications_get_distinct_numbers(index_page):
    statements = [make_statement(index_page=index_page)[0] for _ in range(PUBLICATIONS)]
    draw, state = doubled_numbers()
    with mock.patch.object(registration, "new_number", side_effect=draw):
        outcomes = race(
            [
                (lambda statement=statement: transitions.publish(statement))
                for statement in statements
            ]
        )

    assert outcomes == ["done"] * PUBLICATIONS
    numbers = list(
        Statement.objects.filter(pk__in=[s.pk for s in statements]).values_list(
            "registration_number", flat=True
        )
    )
    assert len(set(numbers)) == PUBLICATIONS
    assert all(registration.is_valid(number) for number in numbers)
    # Numbers were offered twice: some publication met one already taken.
    assert state["calls"] > PUBLICATIONS


def test_the_migration_numbers_rows_on_postgresql_in_one_update_per_batch(
    index_page, django_assert_num_queries
):
    from django.apps import apps

    from tests.test_registration import MIGRATION

    statements = [
        make_statement(index_page=index_page, status="published")[0] for _ in range(5)
    ]
    Statement.objects.update(registration_number=None)
    schema_editor = mock.Mock(connection=connection)
    # Batches of 2, 2, 1, then an empty read: a read and one UPDATE per
    # batch, each batch committed on its own (so a stopped run resumes).
    with django_assert_num_queries(3 * 4 + 1, connection=connection) as queries:
        MIGRATION.number_published(apps, schema_editor, batch_size=2)
    statements_run = [query["sql"] for query in queries]
    assert sum("unnest" in sql for sql in statements_run) == 3
    assert statements_run.count("COMMIT") == 3
    numbers = set(
        Statement.objects.filter(pk__in=[s.pk for s in statements]).values_list(
            "registration_number", flat=True
        )
    )
    assert len(numbers) == 5
    assert all(registration.is_valid(number) for number in numbers)
