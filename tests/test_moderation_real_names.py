"""Real names: shown only after N distinct moderators confirmed them, never
confirmed or published by the person who submitted the statement."""

import pytest

from tests.factories import UserFactory, make_statement
from tests.helpers import (
    QUEUE_URL,
    bulk_url,
    inspect_url,
    logged_in,
    messages_of,
    moderator,
)
from wagtail_tuidang.models import RealNameConfirmation, Statement
from wagtail_tuidang.moderation import confirmations, decisions
from wagtail_tuidang.statements import transitions
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db


def real_name(page, **fields):
    values = {"name": "王真名", "is_real_name": True, "consent_real_name": True}
    return make_statement(index_page=page, **{**values, **fields})[0]


def detail_html(client, page, statement):
    return client.get(f"{page.url}s/{statement.public_id}/").text


def test_two_distinct_moderators_confirm_a_real_name(client, index_page):
    statement = real_name(index_page, alias="小王", status="published")
    first, second = moderator(), moderator()

    assert confirmations.confirm_real_name(statement, first) == 1
    statement.refresh_from_db()
    assert not statement.real_name_confirmed
    assert "王真名" not in detail_html(client, index_page, statement)

    assert confirmations.confirm_real_name(statement, second) == 2
    statement.refresh_from_db()
    assert statement.real_name_confirmed
    assert "王真名" in detail_html(client, index_page, statement)


def test_one_moderator_confirming_twice_counts_once(index_page):
    statement = real_name(index_page, alias="小王")
    user = moderator()
    confirmations.confirm_real_name(statement, user)
    with pytest.raises(confirmations.ConfirmationRefused, match="already confirmed"):
        confirmations.confirm_real_name(statement, user)
    assert RealNameConfirmation.objects.filter(statement=statement).count() == 1
    assert not Statement.objects.get(pk=statement.pk).real_name_confirmed


def test_the_number_of_confirmations_is_a_setting(index_page, settings):
    settings.WAGTAIL_TUIDANG_REAL_NAME_CONFIRMATIONS = 3
    statement = real_name(index_page, alias="小王")
    for number, user in enumerate([moderator(), moderator(), moderator()], 1):
        confirmations.confirm_real_name(statement, user)
        statement.refresh_from_db()
        assert statement.real_name_confirmed == (number == 3)


def test_nobody_confirms_or_publishes_their_own_submission(index_page):
    volunteer_moderator = moderator()
    statement = real_name(index_page, alias="小王", submitted_by=volunteer_moderator)
    with pytest.raises(confirmations.ConfirmationRefused, match="yourself"):
        confirmations.confirm_real_name(statement, volunteer_moderator)
    with pytest.raises(transitions.OwnSubmission):
        transitions.publish(statement, user=volunteer_moderator)
    assert Statement.objects.get(pk=statement.pk).status == Status.PENDING
    # Someone else may.
    transitions.publish(statement, user=moderator())


def test_without_an_alias_a_consented_real_name_waits_for_confirmation(index_page):
    statement = real_name(index_page, alias="")
    with pytest.raises(transitions.RealNameNotConfirmed):
        transitions.publish(statement)
    assert Statement.objects.get(pk=statement.pk).status == Status.PENDING

    confirmations.confirm_real_name(statement, moderator())
    confirmations.confirm_real_name(statement, moderator())
    transitions.publish(statement)
    assert Statement.objects.get(pk=statement.pk).status == Status.PUBLISHED


def test_with_an_alias_it_is_published_under_the_alias(client, index_page):
    statement = real_name(index_page, alias="小王")
    transitions.publish(statement)
    html = detail_html(client, index_page, statement)
    assert "小王" in html and "王真名" not in html


def test_a_real_name_without_consent_never_needs_confirmation(index_page):
    statement = real_name(index_page, consent_real_name=False, alias="")
    transitions.publish(statement)
    statement.refresh_from_db()
    assert statement.status == Status.PUBLISHED
    assert statement.public_name != "王真名"
    with pytest.raises(confirmations.ConfirmationRefused):
        confirmations.confirm_real_name(statement, moderator())


@pytest.mark.parametrize("status", ["rejected", "spam", "withdrawn"])
def test_decided_statements_cannot_be_confirmed(index_page, status):
    statement = real_name(index_page, alias="小王", status=status)
    with pytest.raises(confirmations.ConfirmationRefused):
        confirmations.confirm_real_name(statement, moderator())
    assert not RealNameConfirmation.objects.exists()


def test_bulk_publish_skips_a_real_name_waiting_for_confirmation(client, index_page):
    waiting = real_name(index_page, alias="")
    ready = real_name(index_page, alias="小王")
    logged_in(client, moderator())
    response = client.post(bulk_url("publish", [waiting, ready]))
    assert Statement.objects.get(pk=waiting.pk).status == Status.PENDING
    assert Statement.objects.get(pk=ready.pk).status == Status.PUBLISHED
    assert any("needs confirmation" in text for text in messages_of(response))


def test_bulk_confirm_by_two_moderators_then_publish(client, index_page):
    statement = real_name(index_page, alias="")
    for _ in range(2):
        logged_in(client, moderator())
        response = client.post(bulk_url("confirm_real_name", [statement]))
        assert response.status_code == 302
    assert Statement.objects.get(pk=statement.pk).real_name_confirmed
    client.post(bulk_url("publish", [statement]))
    assert Statement.objects.get(pk=statement.pk).status == Status.PUBLISHED


def test_bulk_confirm_skips_own_and_not_requested(client, index_page):
    user = moderator()
    own = real_name(index_page, alias="小王", submitted_by=user)
    alias_only, _ = make_statement(index_page=index_page, name="化名")
    logged_in(client, user)
    response = client.post(bulk_url("confirm_real_name", [own, alias_only]))
    texts = messages_of(response)
    assert any("You submitted it yourself." in text for text in texts)
    assert any("no real name that the submitter agreed" in text for text in texts)
    assert not RealNameConfirmation.objects.exists()


def test_inspect_shows_who_confirmed_and_what_is_missing(client, index_page):
    statement = real_name(index_page, alias="小王")
    confirmations.confirm_real_name(statement, UserFactory(username="first-mod"))
    logged_in(client, moderator())
    html = client.get(inspect_url(statement)).text
    assert "first-mod" in html
    assert "1 more confirmation needed" in html


def test_decisions_explain_a_refusal(index_page):
    statement = real_name(index_page, alias="")
    reason = decisions.why_not(statement, "publish", moderator())
    assert "needs confirmation" in reason
    assert decisions.why_not(statement, "reject", moderator()) is None


def test_confirming_a_published_real_name_purges_its_pages(
    index_page, django_capture_on_commit_callbacks, monkeypatch
):
    purged = []
    monkeypatch.setattr(
        "wagtail_tuidang.statements.purge.schedule_purge",
        lambda statements: purged.extend(s.public_id for s in statements),
    )
    statement = real_name(index_page, alias="小王", status="published")
    with django_capture_on_commit_callbacks(execute=True):
        confirmations.confirm_real_name(statement, moderator())
    assert purged == []
    with django_capture_on_commit_callbacks(execute=True):
        confirmations.confirm_real_name(statement, moderator())
    assert purged == [statement.public_id]


def test_a_failing_purge_does_not_fail_a_confirmation(
    index_page, django_capture_on_commit_callbacks, monkeypatch
):
    def unreachable_task_queue(statements):
        raise ConnectionError("the task queue is down")

    monkeypatch.setattr(
        "wagtail_tuidang.statements.purge.schedule_purge", unreachable_task_queue
    )
    statement = real_name(index_page, alias="小王", status="published")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            confirmations.confirm_real_name(statement, moderator())
    assert Statement.objects.get().real_name_confirmed


def test_queue_shows_real_name_state(client, index_page):
    real_name(index_page, alias="小王")
    logged_in(client, moderator())
    html = client.get(QUEUE_URL).text
    start = html.index('<table class="listing')
    rows = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    assert "Waiting for confirmation" in rows
