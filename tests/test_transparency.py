"""The transparency page: monthly figures of what the site did with
statements, correct for a known set of decisions, in a bounded number of
queries, and only where the site switched it on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_statement
from wagtail_tuidang import retention
from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation.log_actions import IMPORT
from wagtail_tuidang.moderation.page_log import log_on_page
from wagtail_tuidang.statements import transparency

pytestmark = pytest.mark.django_db

HIDDEN_REAL_NAME = "透明金丝雀"
CONTACT = "canary-transparency@example.invalid"


@pytest.fixture(autouse=True)
def _switched_on(settings):
    settings.WAGTAIL_TUIDANG_TRANSPARENCY = True


@pytest.fixture
def decided(index_page, django_capture_on_commit_callbacks):
    """This month: 3 published (one later withdrawn), 2 rejected, 1 spam, 1
    pending; 4 with contact details; an import of 5 statements logged."""
    with django_capture_on_commit_callbacks(execute=True):
        _decide(index_page)
    return index_page


def _decide(index_page):
    for _ in range(3):
        make_statement("published", index_page=index_page, contact=CONTACT)
    make_statement(
        "rejected",
        index_page=index_page,
        name=HIDDEN_REAL_NAME,
        is_real_name=True,
        contact=CONTACT,
    )
    make_statement("rejected", index_page=index_page)
    make_statement("spam", index_page=index_page)
    make_statement("pending", index_page=index_page)
    from wagtail_tuidang.statements import transitions

    transitions.withdraw(Statement.objects.filter(status="published").first())
    log_on_page(index_page, IMPORT, data={"created": 5, "existing": 0})


def this_month(client, page):
    response = client.get(page.url + "transparency/")
    assert response.status_code == 200
    return response


def test_figures_match_the_decisions_taken(decided):
    row = transparency.compute(timezone.localdate(), 12)["months"][0]
    assert row["month"] == timezone.localdate().replace(day=1)
    assert row == {
        "month": row["month"],
        "received": 7,
        "published": 3,
        "rejected": 2,
        "spam": 1,
        "withdrawn": 1,
        "imported": 5,
        "contacts_stored": 4,
        "contacts_purged": 0,
    }


def test_page_shows_the_figures_and_the_last_purge(decided, client, settings):
    body = this_month(client, decided).content.decode()
    assert "No contact details or names have been erased" in body
    first_row = body.split("<tbody>")[1].split("</tr>")[0]
    cells = [cell.split("<")[0] for cell in first_row.split("<td>")[1:]]
    assert cells == ["7", "3", "2", "1", "1", "5", "4", "0"]
    for secret in (HIDDEN_REAL_NAME, CONTACT):
        assert secret not in body


def test_a_purge_shows_up_on_the_page(decided, client, settings):
    retention.purge_contacts(days=0)
    transparency.cache.delete(transparency.cache_key(timezone.localdate()))
    body = this_month(client, decided).content.decode()
    assert "were last erased on" in body
    row = transparency.compute(timezone.localdate(), 12)["months"][0]
    # Decided statements' contacts are erased; the pending one keeps its own.
    assert row["contacts_purged"] == 4


def test_months_without_figures_are_zeros_and_the_window_is_bounded(decided):
    months = transparency.compute(timezone.localdate(), 3)["months"]
    assert len(months) == 3
    assert all(months[i]["month"] > months[i + 1]["month"] for i in range(2))
    assert months[1]["published"] == 0


def test_query_count_is_bounded_and_zero_once_cached(
    decided, client, django_capture_on_commit_callbacks
):
    this_month(client, decided)  # the site's own caches
    transparency.cache.delete(transparency.cache_key(timezone.localdate()))
    with CaptureQueriesContext(connection) as cold:
        this_month(client, decided)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            make_statement("published", index_page=decided)
    transparency.cache.delete(transparency.cache_key(timezone.localdate()))
    with CaptureQueriesContext(connection) as colder:
        this_month(client, decided)
    assert len(colder) == len(cold)
    with CaptureQueriesContext(connection) as warm:
        this_month(client, decided)
    figures_queries = [
        q for q in warm.captured_queries if "wagtailcore_modellogentry" in q["sql"]
    ]
    assert figures_queries == []


def test_page_is_a_404_unless_switched_on(index_page, client, settings):
    settings.WAGTAIL_TUIDANG_TRANSPARENCY = False
    assert client.get(index_page.url + "transparency/").status_code == 404
