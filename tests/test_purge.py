"""What a change purges from the CDN, through wagtail.contrib.frontend_cache:
the exact URLs a recording backend receives, in how many batches, and what
a moderator sees when the CDN is down."""

import datetime
import logging
from io import StringIO
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from tests.cdn import BATCHES, recording_settings
from tests.factories import body, make_article, make_index, make_statement
from tests.testapp.models import LandingPage
from wagtail_tuidang.cdn import usage
from wagtail_tuidang.cdn.models import BlockUsage
from wagtail_tuidang.pages.models import StatementPage
from wagtail_tuidang.statements import purge, transitions
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(settings):
    settings.WAGTAILFRONTENDCACHE = recording_settings()
    return BATCHES


def purged(batches):
    return sorted({url for batch in batches for url in batch})


def routes(batches, page):
    base = page.full_url
    return sorted(url.removeprefix(base) for url in purged(batches))


def at(day, hour=12):
    """Run the transitions as if it were ``day`` at ``hour`` (UTC)."""
    moment = datetime.datetime.combine(day, datetime.time(hour), datetime.UTC)
    return mock.patch("django.utils.timezone.now", return_value=moment)


#: The embeds in every style: light and dark, the counter full and compact,
#: in the reader's language and in each of the site's.
EMBEDS = [
    f"{route}{query}"
    for route, sizes in (
        ("embed/counter/", ["", "size=compact"]),
        ("embed/badge/", [""]),
    )
    for query in (
        "?" + "&".join(part for part in (theme, size, language) if part)
        if theme or size or language
        else ""
        for theme in ("", "theme=dark")
        for size in sizes
        for language in ["", *(f"lang={code}" for code, _ in settings.LANGUAGES)]
    )
]
WALL_ROUTES = [
    "", "days/", "feed/", "feed/atom/", "stats/", "stats/json/", *EMBEDS
]  # fmt: skip


# Statement decisions ---------------------------------------------------------


def test_publish_purges_the_wall_its_routes_the_permalink_and_the_day(
    index_page, recorded, django_capture_on_commit_callbacks
):
    statement, _ = make_statement(index_page=index_page)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.publish(statement)
    today = timezone.localdate().isoformat()
    assert routes(recorded, index_page) == sorted(
        [*WALL_ROUTES, f"s/{statement.public_id}/", f"?day={today}"]
    )


def test_withdrawing_an_old_statement_purges_its_day_its_neighbours_and_archive(
    index_page, recorded, django_capture_on_commit_callbacks
):
    days = [datetime.date(2026, 3, d) for d in (1, 5, 9)]
    statements = []
    for day in days:
        with at(day):
            statements.append(make_statement(index_page=index_page)[0])
            transitions.publish(statements[-1])
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.withdraw(statements[1])
    assert routes(recorded, index_page) == sorted(
        [
            *WALL_ROUTES,
            f"s/{statements[1].public_id}/",
            "?day=2026-03-01",
            "?day=2026-03-05",
            "?day=2026-03-09",
            # The older page of days/ listing 5 March.
            "days/?before=2026-03-09",
        ]
    )


def test_a_bulk_decision_purges_once_with_every_permalink(
    index_page, recorded, django_capture_on_commit_callbacks
):
    statements = [make_statement(index_page=index_page)[0] for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        transitions.change_many(statements, "publish")
    assert len(recorded) == 1
    assert {f"s/{s.public_id}/" for s in statements} <= set(
        routes(recorded, index_page)
    )


def test_a_purge_queued_by_an_earlier_version_still_runs(index_page, recorded):
    # Then the task took one public id, not a list.
    purge.purge_statement_urls.call(index_page.pk, "abcDEF123")
    assert routes(recorded, index_page) == sorted([*WALL_ROUTES, "s/abcDEF123/"])


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


def test_with_the_cdn_down_the_decision_stands_and_other_caches_are_purged(
    index_page, settings, caplog, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = recording_settings(("down", "DownBackend"))
    statement, _ = make_statement(index_page=index_page)
    with caplog.at_level(logging.WARNING, logger="wagtail_tuidang.cdn"):
        with django_capture_on_commit_callbacks(execute=True):
            transitions.publish(statement)
    statement.refresh_from_db()
    assert statement.status == Status.PUBLISHED
    assert f"{index_page.full_url}s/{statement.public_id}/" in purged(BATCHES)
    assert [record.getMessage() for record in caplog.records] == [
        f"Frontend cache 'down' failed to purge {len(WALL_ROUTES) + 2} URLs; they "
        "stay cached until their time-to-live ends."
    ]


# Pages showing a wall's blocks -----------------------------------------------


def counter(index_page):
    return ("statement_counter", {"page": index_page.pk, "heading": ""})


def landing(home_page, *blocks, slug="landing"):
    """A page of the site's own type showing ``blocks``, published."""
    page = home_page.add_child(
        instance=LandingPage(title=slug, slug=slug, body=body(*blocks), live=False)
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_decision_purges_every_live_page_showing_the_walls_blocks(
    home_page, index_page, recorded, django_capture_on_commit_callbacks
):
    shows_counter = landing(home_page, counter(index_page), slug="counter")
    home_page.body = body(("latest_statements", {"page": index_page.pk, "count": 5}))
    home_page.save_revision().publish()
    landing(home_page, ("paragraph", "<p>Nothing of the wall</p>"), slug="other")
    statement, _ = make_statement(index_page=index_page)
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.publish(statement)
    assert {shows_counter.full_url, home_page.full_url} < set(purged(recorded))
    assert not [url for url in purged(recorded) if "/other/" in url]


def test_what_counts_is_the_live_page_not_its_draft(
    home_page, index_page, recorded, django_capture_on_commit_callbacks
):
    page = landing(home_page, counter(index_page))
    draft = page.get_latest_revision_as_object()
    draft.body = body(("paragraph", "<p>The counter is going</p>"))
    draft.save_revision()  # not published: the live page still shows it
    unpublished_draft = landing(home_page, slug="draft")
    later = unpublished_draft.get_latest_revision_as_object()
    later.body = body(counter(index_page))
    later.save_revision()
    statement, _ = make_statement(index_page=index_page)
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.publish(statement)
    assert page.full_url in purged(recorded)
    assert unpublished_draft.full_url not in purged(recorded)


def test_an_unpublished_page_is_no_longer_purged(
    home_page, index_page, recorded, django_capture_on_commit_callbacks
):
    page = landing(home_page, counter(index_page))
    page.unpublish()
    statement, _ = make_statement(index_page=index_page)
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.publish(statement)
    assert page.full_url not in purged(recorded)


def test_setup_records_the_pages_published_before_the_registry(home_page, index_page):
    page = landing(home_page, counter(index_page))
    BlockUsage.objects.all().delete()
    out = StringIO()
    call_command("tuidang_setup", stdout=out)
    # The tree root, the home page, the wall and the landing page are live.
    assert "CDN purges: read the blocks of 4 live pages." in out.getvalue()
    assert usage.pages_showing(usage.WALL, [index_page.pk]) == {page.pk}


def test_publishing_the_wall_purges_its_routes_and_its_counters(
    home_page, index_page, recorded, django_capture_on_commit_callbacks
):
    page = landing(home_page, counter(index_page))
    recorded.clear()
    index_page.baseline_total = 456_000_000
    with django_capture_on_commit_callbacks(execute=True):
        index_page.save_revision().publish()
    assert purged(recorded) == sorted(
        [page.full_url, *(index_page.full_url + route for route in WALL_ROUTES)]
    )


def test_publishing_a_featured_statement_purges_the_pages_featuring_it(
    home_page, recorded, django_capture_on_commit_callbacks
):
    featured = home_page.add_child(
        instance=StatementPage(title="Featured", display_name="王先生")
    )
    landing(home_page, ("paragraph", "<p>No feature</p>"))
    home_page.body = body(("featured_statement", {"page": featured.pk}))
    home_page.save_revision().publish()
    recorded.clear()
    featured.display_name = "王女士"
    with django_capture_on_commit_callbacks(execute=True):
        featured.save_revision().publish()
    # The landing page features nothing: it is not purged.
    assert purged(recorded) == sorted([featured.full_url, home_page.full_url])


def test_a_failing_registry_never_fails_a_publication(
    home_page, index_page, recorded, caplog, django_capture_on_commit_callbacks
):
    page = landing(home_page, slug="landing")
    page.body = body(counter(index_page))
    with mock.patch.object(usage, "dependencies", side_effect=RuntimeError("bug")):
        with caplog.at_level(logging.ERROR, logger="wagtail_tuidang.cdn"):
            with django_capture_on_commit_callbacks(execute=True):
                page.save_revision().publish()
    page.refresh_from_db()
    assert page.live and not page.has_unpublished_changes
    assert [r.getMessage() for r in caplog.records] == [
        "CDN purge after a page change failed"
    ]
    # Wagtail still purged the page itself.
    assert page.full_url in purged(recorded)


# Articles --------------------------------------------------------------------


@pytest.fixture
def news_site(home_page):
    news = make_index(home_page)
    other_news = make_index(home_page, title="Other", slug="other")
    return news, other_news


def test_publishing_an_article_purges_its_index_feeds_and_the_lists_showing_it(
    home_page, news_site, recorded, django_capture_on_commit_callbacks
):
    news, other_news = news_site
    article = make_article(news, "Quitting", tags=["tuidang"], publish=False)
    sharing = make_article(news, "Same tag", tags=["tuidang"])
    recommends = make_article(other_news, "Picks it", picks=[article])
    make_article(news, "Unrelated", tags=["weather"])
    make_article(other_news, "Elsewhere")
    lists_news = landing(
        home_page, ("article_list", {"index": news.pk, "count": 5}), slug="lists"
    )
    landing(
        home_page,
        ("article_list", {"index": other_news.pk, "count": 5}),
        slug="lists-other",
    )
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert purged(recorded) == sorted(
        [
            article.full_url,
            news.full_url,
            news.full_url + "feed/",
            news.full_url + "feed/atom/",
            sharing.full_url,
            recommends.full_url,
            lists_news.full_url,
        ]
    )


def test_unpublishing_an_article_purges_the_same_pages(
    home_page, news_site, recorded, django_capture_on_commit_callbacks
):
    news, _ = news_site
    article = make_article(news, "Quitting", tags=["tuidang"])
    sharing = make_article(news, "Same tag", tags=["tuidang"])
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert purged(recorded) == sorted(
        [
            article.full_url,
            news.full_url,
            news.full_url + "feed/",
            news.full_url + "feed/atom/",
            sharing.full_url,
        ]
    )


def test_a_related_articles_block_is_purged_by_any_article(
    home_page, news_site, recorded, django_capture_on_commit_callbacks
):
    news, _ = news_site
    related = landing(home_page, ("related_articles", {"count": 4}), slug="related")
    article = make_article(news, "Quitting", publish=False)
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert related.full_url in purged(recorded)


def test_moving_an_article_purges_its_old_and_new_address_and_both_indexes(
    news_site, recorded, django_capture_on_commit_callbacks
):
    news, other_news = news_site
    article = make_article(news, "Quitting", slug="quitting")
    old_url = article.full_url
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.move(other_news, pos="last-child")
    assert purged(recorded) == sorted(
        [
            old_url,
            # wagtail.contrib.redirects' own purge of the redirect it made.
            old_url.removesuffix("/"),
            other_news.full_url + "quitting/",
            *(news.full_url + path for path in ("", "feed/", "feed/atom/")),
            *(other_news.full_url + path for path in ("", "feed/", "feed/atom/")),
        ]
    )


def test_a_new_slug_purges_the_old_address_of_the_page_and_those_below(
    news_site, recorded, django_capture_on_commit_callbacks
):
    news, _ = news_site
    article = make_article(news, "Quitting", slug="quitting")
    recorded.clear()
    news.slug = "stories"
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()
    assert {
        "http://localhost/news/",
        "http://localhost/news/feed/",
        "http://localhost/news/quitting/",
        "http://localhost/stories/",
    } <= set(purged(recorded))
    article.refresh_from_db()
    assert article.full_url == "http://localhost/stories/quitting/"
