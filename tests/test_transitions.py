"""The transitions module: the only writer of status, keeper of tallies."""

import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone

from tests.factories import StatementFactory, UserFactory, make_statement
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
    yesterday = timezone.now() - datetime.timedelta(days=1)
    statement = StatementFactory.build(
        index_page=index_page,
        status=Status.PUBLISHED,
        published_at=yesterday,
        decided_at=yesterday,
    )
    transitions.submit(statement)
    stored = Statement.objects.get(pk=statement.pk)
    assert stored.status == Status.PENDING
    assert (stored.published_at, stored.decided_at) == (None, None)
    assert not Statement.objects.published().exists()


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


class DeadlockDetected(Exception):
    sqlstate = "40P01"


def deadlock():
    """The OperationalError Django raises for PostgreSQL's deadlock_detected."""
    error = OperationalError("deadlock detected")
    error.__cause__ = DeadlockDetected()
    return error


def test_a_bulk_decision_reports_what_it_did_and_what_was_decided_already(
    index_page,
):
    ready = [make_statement(index_page=index_page, people_count=2)[0] for _ in "ab"]
    taken, _ = make_statement(index_page=index_page, status="rejected")
    outcome = transitions.change_many([*ready, taken], "publish")
    assert outcome.done == ready
    assert [statement for statement, _e in outcome.already_decided] == [taken]
    assert str(outcome.refused[0][1]) == "It is already decided: Needs fixing."
    tally = StatementTally.objects.get()
    assert (tally.statements, tally.people) == (2, 4)


def test_a_deadlock_is_retried_and_counted_once(index_page, monkeypatch):
    statements = [make_statement(index_page=index_page)[0] for _ in range(3)]
    save, failures = tallies.Changes.save, [deadlock()]

    def save_after_a_deadlock(changes):
        if failures:
            raise failures.pop()
        save(changes)

    monkeypatch.setattr(tallies.Changes, "save", save_after_a_deadlock)
    outcome = transitions.change_many(statements, "publish")
    assert len(outcome.done) == 3 and not failures
    assert StatementTally.objects.get().statements == 3


def test_endless_deadlocks_change_nothing_and_say_so(index_page, monkeypatch):
    statement, _ = make_statement(index_page=index_page)

    def always_deadlocked(changes):
        raise deadlock()

    monkeypatch.setattr(tallies.Changes, "save", always_deadlocked)
    monkeypatch.setattr(transitions.time, "sleep", lambda seconds: None)
    outcome = transitions.change_many([statement], "publish")
    assert not outcome.done
    assert "nothing was changed" in str(outcome.refused[0][1])
    assert Statement.objects.get().status == Status.PENDING
    with pytest.raises(transitions.Busy):
        transitions.publish(statement)


def test_a_failing_hook_after_commit_neither_fails_the_change_nor_the_others(
    index_page, django_capture_on_commit_callbacks, monkeypatch
):
    statement, _ = make_statement(index_page=index_page)
    heard = []

    def unreachable_cache(page_id):
        raise ConnectionError("the cache is down")

    def listen(**kwargs):
        heard.append(kwargs["action"])

    monkeypatch.setattr(tallies, "invalidate", unreachable_cache)
    transitions.status_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            transitions.publish(statement)
    finally:
        transitions.status_changed.disconnect(listen)
    assert heard == ["publish"]
    assert Statement.objects.get().status == Status.PUBLISHED


def test_submit_many_skips_what_is_there_and_records_the_submitter(index_page):
    user = UserFactory()
    make_statement(index_page=index_page, name="李明", region="sc", text="另一份")
    rows = [
        StatementFactory.build(index_page=index_page, name=name, region="sc")
        for name in ("李明", "王芳", "王芳")
    ]
    rows[1].status = Status.PUBLISHED
    new = transitions.submit_many(index_page, rows, user=user, same_fields=["text"])
    assert new == rows[:2]
    stored = Statement.objects.filter(submitted_by=user).order_by("pk")
    assert [(s.name, s.status, s.flag_duplicate) for s in stored] == [
        ("李明", "pending", True),
        ("王芳", "pending", False),
    ]
    assert all(s.receipt_hash is None and s.published_at is None for s in stored)
    assert transitions.submit_many(index_page, rows[:2], same_fields=["text"]) == []
