"""Publishing or withdrawing purges the CDN's copies of the changed URLs."""

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

from tests.factories import make_statement
from wagtail_tuidang.statements import transitions

pytestmark = pytest.mark.django_db

PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def recorded(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": "tests.test_purge.RecordingBackend"}
    }
    PURGED.clear()
    return PURGED


def routes(urls, index_page):
    base = index_page.full_url
    return sorted(url.removeprefix(base) for url in urls)


def test_publish_purges_the_wall_stats_feeds_and_permalink(
    index_page, recorded, django_capture_on_commit_callbacks
):
    statement, _ = make_statement(index_page=index_page)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.publish(statement)
    assert routes(recorded, index_page) == sorted(
        ["", "stats/", "days/", "feed/", "feed/atom/", f"s/{statement.public_id}/"]
    )


def test_withdrawing_a_published_statement_purges_again(
    index_page, recorded, django_capture_on_commit_callbacks
):
    statement, _ = make_statement(index_page=index_page, status="published")
    with django_capture_on_commit_callbacks(execute=True):
        transitions.withdraw(statement)
    assert f"s/{statement.public_id}/" in routes(recorded, index_page)


def test_rejecting_a_pending_statement_purges_nothing(
    index_page, recorded, django_capture_on_commit_callbacks
):
    statement, _ = make_statement(index_page=index_page)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.reject(statement, public_reason="Please add a date.")
    assert recorded == []


def test_a_rolled_back_publication_purges_nothing(index_page, recorded):
    statement, _ = make_statement(index_page=index_page)
    transitions.publish(statement)  # on_commit never runs: the test rolls back
    assert recorded == []
