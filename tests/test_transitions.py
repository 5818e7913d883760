"""The transitions module: the only writer of status, keeper of tallies."""

import pytest
from django.utils import timezone

from tests.factories import make_statement
from wagtail_tuidang.models import Statement, StatementTally
from wagtail_tuidang.statements import receipts, tallies, transitions
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db


def test_submit_stores_pending_and_only_the_receipt_hash(index_page):
    statement, code = make_statement(index_page=index_page, status="pending")
    stored = Statement.objects.get(pk=statement.pk)
    assert stored.status == Status.PENDING
    assert stored.receipt_hash == receipts.hash_code(code)
    assert code.replace("-", "") not in str(stored.__dict__)
    assert len(code.replace("-", "")) * 5 >= 80


def test_submit_ignores_a_status_the_caller_set(index_page):
    statement, _code = make_statement(index_page=index_page, status="pending")
    assert statement.status == Status.PENDING
    assert statement.published_at is None


def test_publish_and_withdraw_keep_the_tally_and_total(
    index_page, django_capture_on_commit_callbacks
):
    statement, _ = make_statement(
        index_page=index_page, people_count=3, quit_youth_league=True
    )
    transitions.publish(statement)
    tally = StatementTally.objects.get(index_page=index_page)
    assert (tally.statements, tally.people) == (1, 3)
    assert (tally.people_party, tally.people_youth_league) == (3, 3)
    assert tally.people_young_pioneers == 0
    figures = tallies.get_figures(index_page)
    assert figures["total"] == 455_000_003
    assert figures["today"] == 3

    with django_capture_on_commit_callbacks(execute=True):
        transitions.withdraw(statement)
    tally.refresh_from_db()
    assert (tally.statements, tally.people, tally.people_party) == (0, 0, 0)
    assert tallies.get_figures(index_page)["total"] == 455_000_000


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("published", "publish"),
        ("rejected", "publish"),
        ("spam", "withdraw"),
        ("withdrawn", "withdraw"),
        ("published", "reject"),
    ],
)
def test_a_transition_from_the_wrong_state_changes_nothing(index_page, status, action):
    statement, _ = make_statement(index_page=index_page, status=status)
    before = list(StatementTally.objects.values())
    with pytest.raises(transitions.TransitionError):
        getattr(transitions, action)(statement)
    assert Statement.objects.get(pk=statement.pk).status == status
    assert list(StatementTally.objects.values()) == before


def test_same_name_in_another_script_is_flagged_as_possible_duplicate(index_page):
    first, _ = make_statement(index_page=index_page, name="張偉", region="gd")
    second, _ = make_statement(index_page=index_page, name=" 张\u200b伟 ", region="gd")
    other_region, _ = make_statement(index_page=index_page, name="张伟", region="bj")
    assert not first.flag_duplicate
    assert second.flag_duplicate
    assert not other_region.flag_duplicate


def test_published_at_and_decided_at_are_set(index_page):
    statement, _ = make_statement(index_page=index_page, status="published")
    assert statement.published_at <= timezone.now()
    assert statement.decided_at == statement.published_at


def test_rebuild_recounts_from_published_rows_and_keeps_older_history(
    index_page, django_capture_on_commit_callbacks
):
    import datetime

    history_day = timezone.localdate() - datetime.timedelta(days=400)
    StatementTally.objects.create(index_page=index_page, day=history_day, people=7)
    kept, _ = make_statement(index_page=index_page, status="published", people_count=2)
    make_statement(index_page=index_page, status="withdrawn", people_count=5)
    make_statement(index_page=index_page, status="pending", people_count=9)
    # A tally that drifted from the rows (e.g. after a manual SQL fix).
    StatementTally.objects.filter(day=tallies.tally_day(kept)).update(people=999)

    with django_capture_on_commit_callbacks(execute=True):
        assert tallies.rebuild(index_page) == 1
    today_tally = StatementTally.objects.get(day=tallies.tally_day(kept))
    assert (today_tally.statements, today_tally.people) == (1, 2)
    assert today_tally.people_party == 2
    assert StatementTally.objects.get(day=history_day).people == 7
    assert tallies.get_figures(index_page)["total"] == 455_000_000 + 2 + 7
