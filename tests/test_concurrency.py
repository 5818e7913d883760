"""Two decisions on one statement at the same moment: exactly one wins.

Needs a database with row locks (PostgreSQL); SQLite serialises all writes and
has no SELECT ... FOR UPDATE, so there is no race to test there.
"""

import pytest
from django.db import connection

from tests.factories import make_statement
from tests.helpers import race
from wagtail_tuidang.models import StatementTally
from wagtail_tuidang.statements import transitions

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
]


def test_two_publishes_count_the_people_once(index_page):
    statement, _ = make_statement(index_page=index_page, people_count=4)
    outcomes = race([lambda: transitions.publish(statement)] * 2)
    assert outcomes == ["done", "refused"]
    assert StatementTally.objects.get(index_page=index_page).people == 4


def test_publish_racing_withdraw_leaves_the_tally_consistent(index_page):
    statement, _ = make_statement(index_page=index_page, people_count=2)
    race(
        [
            lambda: transitions.publish(statement),
            lambda: transitions.withdraw(statement),
        ]
    )
    statement.refresh_from_db()
    people = sum(StatementTally.objects.values_list("people", flat=True))
    assert people == (2 if statement.status == "published" else 0)
