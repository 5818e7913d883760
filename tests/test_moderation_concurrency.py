"""Two moderators acting on one statement at the same moment (PostgreSQL):
exactly one transition and one log entry; confirmations are never lost."""

import random
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from wagtail.models import ModelLogEntry

from tests.factories import make_statement
from tests.helpers import bulk_url, moderator, race
from wagtail_tuidang.models import (
    RealNameConfirmation,
    Statement,
    StatementRegionTally,
    StatementTally,
)
from wagtail_tuidang.moderation import confirmations
from wagtail_tuidang.statements import tallies

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
]


def logged(action):
    return ModelLogEntry.objects.filter(action=f"wagtail_tuidang.{action}").count()


def post_together(requests):
    """POST each (client, url, data) from its own thread, released together."""
    barrier = threading.Barrier(len(requests))
    statuses = []

    def run(client, url, data):
        try:
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def signed_in():
    client = Client()
    client.force_login(moderator())
    return client


def test_two_bulk_publishes_make_one_transition_and_one_log_entry(index_page):
    statement, _ = make_statement(index_page=index_page, people_count=3)
    url = bulk_url("publish", [statement])
    statuses = post_together([(signed_in(), url, {}), (signed_in(), url, {})])
    assert statuses == [302, 302]
    assert Statement.objects.get(pk=statement.pk).status == "published"
    assert StatementTally.objects.get(index_page=index_page).people == 3
    assert logged("publish") == 1


def test_publish_racing_spam_decides_once(index_page):
    statement, _ = make_statement(index_page=index_page)
    post_together(
        [
            (signed_in(), bulk_url("publish", [statement]), {}),
            (signed_in(), bulk_url("mark_spam", [statement]), {}),
        ]
    )
    status = Statement.objects.get(pk=statement.pk).status
    assert status in ("published", "spam")
    assert logged("publish") + logged("mark_spam") == 1
    people = sum(StatementTally.objects.values_list("people", flat=True))
    assert people == (1 if status == "published" else 0)


def test_overlapping_bulk_selections_do_not_deadlock(index_page):
    statements = [make_statement(index_page=index_page)[0] for _ in range(6)]
    forwards = bulk_url("publish", statements)
    backwards = bulk_url("publish", list(reversed(statements)))
    statuses = post_together(
        [(signed_in(), forwards, {}), (signed_in(), backwards, {})]
    )
    assert statuses == [302, 302]
    assert set(Statement.objects.values_list("status", flat=True)) == {"published"}
    assert logged("publish") == 6


def tally_rows(page):
    """The day tallies and the regional tallies of ``page``, in key order."""
    fields = ("day", "statements", *tallies.COUNTERS)
    days = StatementTally.objects.filter(index_page=page).order_by("day")
    regions = StatementRegionTally.objects.filter(index_page=page).exclude(
        statements=0, people=0
    )
    regions = regions.order_by("day", "region")
    return (
        list(days.values(*fields)),
        list(regions.values("day", "region", "statements", "people")),
    )


def test_twenty_overlapping_bulk_decisions_never_fail_and_keep_tallies_exact(
    index_page,
):
    statements = [
        make_statement(
            index_page=index_page,
            people_count=1 + number % 3,
            quit_youth_league=number % 2 == 0,
            region=("gd", "bj", "xz", "")[number % 4],
        )[0]
        for number in range(40)
    ]
    # Thirty statements every request may pick; the last ten only the four
    # rejections pick (two each), so both decisions happen whatever the
    # order the requests win their locks in.
    shared, only_rejected = statements[:30], statements[30:]
    rng, requests = random.Random(20), []
    for number in range(20):
        if number % 5:
            action, data, chosen = "publish", {}, rng.sample(shared, 15)
        else:
            action, data = "reject", {"reason": "unsafe"}
            own = only_rejected[number // 5 * 2 : number // 5 * 2 + 2]
            chosen = rng.sample(shared, 13) + own
        requests.append((signed_in(), bulk_url(action, chosen), data))
    assert post_together(requests) == [302] * 20
    decided = Statement.objects.exclude(status="pending")
    assert decided.filter(status="published").exists()
    assert decided.filter(status="rejected").count() >= 8
    assert logged("publish") + logged("reject") == decided.count()
    for statement in decided:
        assert (
            statement.status
            == {"publish": "published", "reject": "rejected"}[
                ModelLogEntry.objects.get(
                    content_type__model="statement", object_id=str(statement.pk)
                ).action.removeprefix("wagtail_tuidang.")
            ]
        )
    kept = tally_rows(index_page)
    assert len(kept[1]) >= 4, "every region had a publication"
    tallies.rebuild(index_page)
    assert kept == tally_rows(index_page)


def test_two_moderators_confirming_at_once_both_count(index_page):
    statement, _ = make_statement(
        index_page=index_page, name="王真名", is_real_name=True, consent_real_name=True
    )
    first, second = moderator(), moderator()
    outcomes = race(
        [
            lambda: confirmations.confirm_real_name(statement, first),
            lambda: confirmations.confirm_real_name(statement, second),
        ]
    )
    assert outcomes == ["done", "done"]
    assert RealNameConfirmation.objects.filter(statement=statement).count() == 2
    assert Statement.objects.get(pk=statement.pk).real_name_confirmed
    assert logged("confirm_real_name") == 2


def test_one_moderator_confirming_twice_at_once_counts_once(index_page):
    statement, _ = make_statement(
        index_page=index_page, name="王真名", is_real_name=True, consent_real_name=True
    )
    user = moderator()
    errors = []

    def confirm():
        try:
            confirmations.confirm_real_name(statement, user)
        except confirmations.ConfirmationRefused as refusal:
            errors.append(str(refusal))

    race([confirm, confirm])
    assert RealNameConfirmation.objects.filter(statement=statement).count() == 1
    assert errors == ["You have already confirmed it."]
    assert not Statement.objects.get(pk=statement.pk).real_name_confirmed
