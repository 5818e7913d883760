"""The queue under a flood: tabs by flag with capped counts, decisions on
every statement matching a filter run in the background, the time-window
spam action, and duplicates a moderator can act on."""

import datetime
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.factories import StatementFactory, make_statement
from tests.helpers import (
    QUEUE_URL,
    inspect_url,
    logged_in,
    messages_of,
    moderation_user,
    moderator,
)
from tests.test_moderation import row_names
from wagtail_tuidang.models import Statement, StatementTally
from wagtail_tuidang.moderation import log_actions
from wagtail_tuidang.moderation.models import BulkDecision
from wagtail_tuidang.moderation.setup import VOLUNTEERS
from wagtail_tuidang.statements import transitions

pytestmark = pytest.mark.django_db

CYRILLIC_E = "\u0435"
GREEK_OMICRON = "\u03bf"
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def mod_client(client):
    return logged_in(client, moderator())


def submit(index_page, name, age_hours=0, **flags):
    """A pending statement submitted ``age_hours`` ago with ``flags``."""
    statement, _code = make_statement(index_page=index_page, name=name)
    Statement.objects.filter(pk=statement.pk).update(
        **{
            "submitted_at": timezone.now() - age_hours * HOUR,
            "flag_duplicate": False,
            **flags,
        }
    )
    return statement


def tab_counts(response):
    """``{tab label: count shown}`` from the queue's tabs."""
    nav = re.search(r'<nav class="tuidang-queue-tabs.*?</nav>', response.text, re.S)
    assert nav, "no tabs shown"
    pairs = re.findall(
        r'<a href="[^"]*"[^>]*>\s*([^<]+?)\s*<span class="w-status">([^<]+)</span>',
        nav.group(0),
    )
    return dict(pairs)


def bulk_import(index_page, count):
    """``count`` pending statements, stored as an import stores them."""
    statements = [
        StatementFactory.build(index_page=index_page, name=f"洪水{number}")
        for number in range(count)
    ]
    return transitions.submit_many(index_page, statements)


# Tabs and counts


def test_the_default_tab_shows_unflagged_statements_oldest_first(
    mod_client, index_page
):
    submit(index_page, "新的", age_hours=1)
    submit(index_page, "旧的", age_hours=5)
    submit(index_page, "重复的", age_hours=9, flag_duplicate=True)
    submit(index_page, "太快的", age_hours=9, flag_too_fast=True)

    response = mod_client.get(QUEUE_URL)

    assert row_names(response) == ["旧的", "新的"]
    counts = tab_counts(response)
    assert counts["Not flagged"] == "2"
    assert counts["Possible duplicate"] == "1"
    assert counts["Submitted too fast"] == "1"
    assert counts["Honeypot filled"] == "0"
    assert counts["All"] == "4"


def test_each_flag_has_its_tab(mod_client, index_page):
    submit(index_page, "干净", age_hours=3)
    submit(index_page, "重复一", age_hours=2, flag_duplicate=True)
    submit(index_page, "重复二", age_hours=4, flag_duplicate=True)
    submit(index_page, "超限", age_hours=1, flag_rate_limited=True)
    make_statement(index_page=index_page, name="已发布", status="published")

    duplicates = mod_client.get(QUEUE_URL, {"tab": "flag_duplicate"})
    assert row_names(duplicates) == ["重复二", "重复一"]
    limited = mod_client.get(QUEUE_URL, {"tab": "flag_rate_limited"})
    assert row_names(limited) == ["超限"]
    everything = mod_client.get(QUEUE_URL, {"tab": "all"})
    assert row_names(everything) == ["重复二", "干净", "重复一", "超限"]


@override_settings(WAGTAIL_TUIDANG_QUEUE_COUNT_CAP=3)
def test_counts_past_the_cap_say_so(mod_client, index_page):
    for number in range(5):
        submit(index_page, f"洪{number}", flag_too_fast=True)
    submit(index_page, "一个")

    counts = tab_counts(mod_client.get(QUEUE_URL))

    assert counts["Submitted too fast"] == "3+"
    assert counts["Not flagged"] == "1"
    assert counts["All"] == "3+"


def test_a_decision_updates_the_counts(
    mod_client, index_page, django_capture_on_commit_callbacks
):
    statement = submit(index_page, "待定")
    assert tab_counts(mod_client.get(QUEUE_URL))["Not flagged"] == "1"
    with django_capture_on_commit_callbacks(execute=True):
        transitions.publish(statement)
    assert tab_counts(mod_client.get(QUEUE_URL))["Not flagged"] == "0"


def test_the_listing_reads_the_same_queries_for_3_or_40_statements(
    mod_client, index_page
):
    def queries():
        mod_client.get(QUEUE_URL)  # sessions, caches and menus warmed up
        with CaptureQueriesContext(connection) as captured:
            assert mod_client.get(QUEUE_URL).status_code == 200
        return len(captured)

    for number in range(3):
        submit(index_page, f"少{number}", flag_duplicate=number == 0)
    few = queries()
    for number in range(40):
        submit(index_page, f"多{number}", flag_too_fast=number % 2 == 0)
    assert queries() == few


def test_a_flag_filter_still_lists_flagged_statements(mod_client, index_page):
    submit(index_page, "正常")
    submit(index_page, "蜜罐", flag_honeypot=True)
    response = mod_client.get(QUEUE_URL, {"flag_honeypot": "true"})
    assert row_names(response) == ["蜜罐"]


# Every statement matching a filter


def matching_url(action, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{QUEUE_URL}matching/{action}/" + (f"?{query}" if query else "")


def follow_job(client, url, capture):
    """GET the job's page until it says it finished; the pages seen."""
    pages = []
    for _step in range(50):
        with capture(execute=True):
            response = client.get(url)
        assert response.status_code == 200
        pages.append(response.text)
        if "Finished." in response.text or "Stopped." in response.text:
            return pages
    raise AssertionError("the job never finished")


def figure(html, label):
    match = re.search(
        rf"<dt>{re.escape(label)}</dt><dd>([\d,]+)</dd>", html.replace("\n", "")
    )
    return int(match.group(1).replace(",", ""))


@override_settings(WAGTAIL_TUIDANG_BULK_STEP_ROWS=4000)
def test_marking_10000_matching_statements_as_spam_runs_in_steps_with_progress(
    client, index_page, django_capture_on_commit_callbacks
):
    bulk_import(index_page, 10_000)
    honest = submit(index_page, "真的", flag_duplicate=False)
    Statement.objects.exclude(pk=honest.pk).update(flag_too_fast=True)
    user = moderator()
    logged_in(client, user)

    asked = client.get(matching_url("mark_spam", tab="flag_too_fast"))
    assert "10,000 statements match these filters now." in asked.text
    assert "<dt>Tab</dt><dd>Submitted too fast</dd>" in asked.text
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(matching_url("mark_spam", tab="flag_too_fast"))
    assert started.status_code == 302
    job = BulkDecision.objects.get()
    assert started["Location"] == f"{QUEUE_URL}bulk/{job.pk}/"

    pages = follow_job(client, started["Location"], django_capture_on_commit_callbacks)

    # Progress after the first step (4,000 of them), then more, then all.
    decided = [figure(page, "Statements decided") for page in pages]
    assert decided[0] < 10_000
    assert decided == sorted(decided)
    assert decided[-1] == 10_000
    assert Statement.objects.filter(status="spam").count() == 10_000
    honest.refresh_from_db()
    assert honest.status == "pending"
    assert not Statement.objects.filter(status="published").exists()
    # One entry when asked for, one when it ended, each with the moderator.
    entries = ModelLogEntry.objects.for_instance(job)
    start = entries.get(action=log_actions.BULK_START)
    end = entries.get(action=log_actions.BULK_END)
    assert start.user_id == end.user_id == user.pk
    assert start.data["total"] == 10_000
    assert end.data["done"] == 10_000
    # And each statement's history says it was marked as spam.
    assert ModelLogEntry.objects.filter(action=log_actions.MARK_SPAM).count() == 10_000


def test_publishing_all_matching_follows_the_four_eyes_rule(
    client, index_page, django_capture_on_commit_callbacks
):
    user = moderator()
    mine, _ = make_statement(index_page=index_page, name="我录入的", submitted_by=user)
    other = submit(index_page, "别人的")
    logged_in(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(matching_url("publish"))
    follow_job(client, response["Location"], django_capture_on_commit_callbacks)

    job = BulkDecision.objects.get()
    assert (job.done, job.skipped, job.state) == (1, 1, "done")
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == ("pending", "published")
    assert StatementTally.objects.get().statements == 1


def test_rejecting_all_matching_needs_a_reason(
    mod_client, index_page, django_capture_on_commit_callbacks
):
    statement = submit(index_page, "某人")
    response = mod_client.post(matching_url("reject"))
    assert response.status_code == 200
    assert not BulkDecision.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(matching_url("reject"), {"reason": "unreadable"})
    follow_job(mod_client, response["Location"], django_capture_on_commit_callbacks)
    statement.refresh_from_db()
    assert statement.status == "rejected"
    assert statement.public_reason.startswith("Your statement could not be read")


def test_only_statements_present_when_asked_for_are_decided(
    mod_client, index_page, django_capture_on_commit_callbacks
):
    submit(index_page, "先到")
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        mod_client.post(matching_url("mark_spam"))
    later = submit(index_page, "后到")
    job = BulkDecision.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        pages = follow_job(
            mod_client, f"{QUEUE_URL}bulk/{job.pk}/", django_capture_on_commit_callbacks
        )
    assert figure(pages[-1], "Statements decided") == 1
    later.refresh_from_db()
    assert later.status == "pending"


def test_a_search_is_kept_and_then_erased(
    mod_client, index_page, django_capture_on_commit_callbacks
):
    found = submit(index_page, "李秘密")
    missed = submit(index_page, "王其他")
    search = mod_client.post(QUEUE_URL, {"q": "李秘密"})
    query = search["Location"].split("?", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(f"{QUEUE_URL}matching/mark_spam/?{query}")
    follow_job(mod_client, response["Location"], django_capture_on_commit_callbacks)
    found.refresh_from_db()
    missed.refresh_from_db()
    assert (found.status, missed.status) == ("spam", "pending")
    job = BulkDecision.objects.get()
    # Neither the job nor its audit entries keep the words searched for.
    assert "李秘密" not in str(job.criteria)
    for entry in ModelLogEntry.objects.for_instance(job):
        assert "李秘密" not in str(entry.data)


@pytest.mark.parametrize("action", ["publish", "reject", "mark_spam"])
def test_a_user_without_the_permission_cannot_run_it(client, index_page, action):
    statement = submit(index_page, "某人")
    logged_in(client, moderation_user(VOLUNTEERS))
    assert client.get(matching_url(action)).status_code in (302, 403)
    client.post(matching_url(action), {"reason": "unsafe"})
    assert not BulkDecision.objects.exists()
    statement.refresh_from_db()
    assert statement.status == "pending"


def test_a_job_stops_if_its_moderator_loses_the_permission(
    client, index_page, django_capture_on_commit_callbacks
):
    statement = submit(index_page, "某人")
    user = moderator()
    logged_in(client, user)
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        client.post(matching_url("publish"))
    user.groups.clear()
    job = BulkDecision.objects.get()
    other = logged_in(client.__class__(), moderator())
    pages = follow_job(
        other, f"{QUEUE_URL}bulk/{job.pk}/", django_capture_on_commit_callbacks
    )
    assert "may no longer moderate" in pages[-1]
    statement.refresh_from_db()
    assert statement.status == "pending"


def test_the_queue_offers_the_matching_actions_to_moderators_only(client, index_page):
    submit(index_page, "某人")
    logged_in(client, moderator())
    assert "Mark all matching as spam" in client.get(QUEUE_URL).text
    logged_in(client, moderation_user(VOLUNTEERS, is_staff=True))
    response = client.get(QUEUE_URL)
    assert "Mark all matching as spam" not in response.text


def test_unreadable_filters_decide_nothing(mod_client, index_page):
    submit(index_page, "某人")
    response = mod_client.post(matching_url("mark_spam", status="nonsense"))
    assert response.status_code == 302
    assert not BulkDecision.objects.exists()
    assert "could not be read" in " ".join(messages_of(response))


# A time window as spam


def window(after, before, flags, confirmed=False):
    data = {
        "after": after.strftime("%Y-%m-%d %H:%M"),
        "before": before.strftime("%Y-%m-%d %H:%M"),
        "flags": flags,
    }
    if confirmed:
        data["confirmed"] = "True"
    return data


def test_a_time_window_with_flags_is_marked_as_spam(
    mod_client, index_page, django_capture_on_commit_callbacks
):
    inside_flagged = submit(index_page, "窗内有旗", age_hours=3, flag_rate_limited=True)
    inside_too_fast = submit(index_page, "窗内太快", age_hours=3, flag_too_fast=True)
    inside_clean = submit(index_page, "窗内干净", age_hours=3)
    outside = submit(index_page, "窗外有旗", age_hours=30, flag_rate_limited=True)
    now = timezone.localtime()
    data = window(now - 5 * HOUR, now, ["flag_rate_limited", "flag_too_fast"])

    preview = mod_client.post(f"{QUEUE_URL}spam-window/", data)
    assert "2 pending statements match." in preview.text
    assert not BulkDecision.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        started = mod_client.post(
            f"{QUEUE_URL}spam-window/", {**data, "confirmed": "True"}
        )
    follow_job(mod_client, started["Location"], django_capture_on_commit_callbacks)

    statuses = {
        s.name: s.status
        for s in Statement.objects.filter(
            pk__in=[inside_flagged.pk, inside_too_fast.pk, inside_clean.pk, outside.pk]
        )
    }
    assert statuses == {
        "窗内有旗": "spam",
        "窗内太快": "spam",
        "窗内干净": "pending",
        "窗外有旗": "pending",
    }
    start = ModelLogEntry.objects.get(action=log_actions.BULK_START)
    assert start.data["flags"] == ["flag_rate_limited", "flag_too_fast"]


def test_a_time_window_needs_a_flag_and_an_order(mod_client, index_page):
    now = timezone.localtime()
    no_flag = mod_client.post(f"{QUEUE_URL}spam-window/", window(now - HOUR, now, []))
    assert no_flag.status_code == 200
    backwards = mod_client.post(
        f"{QUEUE_URL}spam-window/", window(now, now - HOUR, ["flag_honeypot"], True)
    )
    assert "must come after its start" in backwards.text
    assert not BulkDecision.objects.exists()


# Duplicates


def test_a_possible_duplicate_shows_what_it_matched_side_by_side(
    mod_client, index_page
):
    first, _ = make_statement(index_page=index_page, name="张伟", text="第一份声明")
    second, _ = make_statement(index_page=index_page, name="張·偉", text="第二份声明")
    make_statement(index_page=index_page, name="李明", text="无关")
    second.refresh_from_db()
    assert second.flag_duplicate

    response = mod_client.get(inspect_url(second))

    section = response.text.split('id="duplicates"', 1)[1].split("</section>", 1)[0]
    assert "第一份声明" in section and "第二份声明" in section
    assert f"Statement #{first.pk}" in section
    assert "无关" not in section
    assert f"duplicate/{second.pk}/{first.pk}/" in section


def test_mark_as_duplicate_rejects_with_a_reason_and_a_link(
    mod_client, index_page, django_capture_on_commit_callbacks
):
    first, _ = make_statement(index_page=index_page, name="王芳")
    second, _ = make_statement(index_page=index_page, name="王 芳")

    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(f"{QUEUE_URL}duplicate/{second.pk}/{first.pk}/")

    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.status, first.status) == ("rejected", "pending")
    assert second.public_reason == "This statement repeats one that was already sent."
    assert f"#{first.pk}" in second.internal_note
    page = mod_client.get(response["Location"]).text
    assert "Rejected as a duplicate of:" in page
    assert f'href="{inspect_url(first)}"' in page
    history = mod_client.get(f"{QUEUE_URL}history/{second.pk}/").text
    assert f"Rejected as a duplicate of statement #{first.pk}" in history


def test_mark_as_duplicate_needs_the_permission(client, index_page):
    first, _ = make_statement(index_page=index_page, name="王芳")
    second, _ = make_statement(index_page=index_page, name="王芳")
    logged_in(client, moderation_user(VOLUNTEERS, is_staff=True))
    client.post(f"{QUEUE_URL}duplicate/{second.pk}/{first.pk}/")
    second.refresh_from_db()
    assert second.status == "pending"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Wei Zhang", f"W{CYRILLIC_E}i Zhang"),
        ("Zhou", f"Zh{GREEK_OMICRON}u"),
        ("张伟", "张·伟"),
        ("张伟", "张-伟"),
        ("张伟", "张\u02d9伟"),
        ("O'Brien", "OBrien"),
    ],
)
def test_look_alike_names_are_shown_as_duplicates(
    mod_client, index_page, first, second
):
    original, _ = make_statement(index_page=index_page, name=first)
    copy, _ = make_statement(index_page=index_page, name=second)
    copy.refresh_from_db()
    assert copy.flag_duplicate
    response = mod_client.get(inspect_url(copy))
    assert f"duplicate/{copy.pk}/{original.pk}/" in response.text
