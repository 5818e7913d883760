"""Related posts: editor picks first, then the articles sharing most tags and
categories, newest first among equals; never the page itself, never a draft
or a private page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail_factories import ImageFactory

from tests.factories import make_article, make_index, make_private
from wagtail_tuidang.articles import signals
from wagtail_tuidang.articles.related import related_pages
from wagtail_tuidang.articles.restrictions import restricted_paths
from wagtail_tuidang.models import ArticleCategory
from wagtail_tuidang.pages.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home_page):
    return make_index(home_page)


@pytest.fixture
def reports():
    return ArticleCategory.objects.create(name="Reports")


def titles(pages):
    return [page.title for page in pages]


def test_most_shared_first_then_newest(news, reports):
    page = make_article(news, "Page", tags=["a", "b", "c"], categories=[reports])
    make_article(news, "One tag, new", tags=["a"], days_ago=1)
    make_article(news, "One tag, old", tags=["b"], days_ago=9)
    make_article(news, "Category only", categories=[reports], days_ago=5)
    make_article(news, "Two tags", tags=["a", "c"], days_ago=30)
    make_article(news, "Three", tags=["a", "b"], categories=[reports], days_ago=60)
    make_article(news, "Nothing shared", tags=["z"])
    assert titles(related_pages(page, limit=10)) == [
        "Three",
        "Two tags",
        "One tag, new",
        "Category only",
        "One tag, old",
    ]


def test_ties_on_the_same_date_go_to_the_latest_published(news):
    page = make_article(news, "Page", tags=["a"])
    make_article(news, "Published first", tags=["a"])
    make_article(news, "Published second", tags=["a"])
    assert titles(related_pages(page)) == ["Published second", "Published first"]


def test_the_limit_counts_picks_too(news):
    others = [
        make_article(news, f"Other {i}", tags=["a"], days_ago=i) for i in range(5)
    ]
    page = make_article(news, "Page", tags=["a"], picks=[others[4]])
    related = related_pages(page, limit=3)
    assert titles(related) == ["Other 4", "Other 0", "Other 1"]
    assert [page.related_is_pick for page in related] == [True, False, False]


def test_never_the_page_itself_nor_drafts_nor_private_pages(news, home_page):
    page = make_article(news, "Page", tags=["a"])
    make_article(news, "Draft", tags=["a"], publish=False)
    make_private(make_article(news, "Private", tags=["a"]))
    members = make_index(home_page, "Members", "members")
    make_private(members)
    make_article(members, "Below a private index", tags=["a"])
    make_article(news, "Public", tags=["a"])
    assert titles(related_pages(page)) == ["Public"]


def test_picks_come_first_in_the_editors_order(news, home_page):
    first = make_article(news, "First pick", days_ago=10)
    shared = make_article(news, "Shared and picked", tags=["a"], days_ago=20)
    make_article(news, "Shared", tags=["a"], days_ago=1)
    page = make_article(news, "Page", tags=["a"], picks=[first, home_page, shared])
    related = related_pages(page)
    assert titles(related) == ["First pick", "Home", "Shared and picked", "Shared"]
    assert [page.related_is_pick for page in related] == [True, True, True, False]
    # Picked articles come as articles, other pages as plain pages.
    assert related[0].date == first.date
    assert related[1].specific_class.__name__ == "HomePage"


def test_drafts_private_pages_and_the_page_itself_are_dropped_even_if_picked(news):
    draft = make_article(news, "Draft pick", publish=False)
    private = make_article(news, "Private pick")
    make_private(private)
    kept = make_article(news, "Kept pick")
    page = make_article(news, "Page", picks=[draft, private, kept])
    page.recommended_pages.create(recommended=page, sort_order=9)
    assert titles(related_pages(page)) == ["Kept pick"]


def test_picks_and_ranking_are_one_query(news, reports, home_page):
    others = [
        make_article(news, f"Other {i}", tags=["a", "b"][: i % 3], hero_image=None)
        for i in range(8)
    ]
    page = make_article(
        news,
        "Page",
        tags=["a", "b"],
        categories=[reports],
        picks=[home_page, others[0]],
    )
    restricted_paths()  # read once and cached, as by any request
    with CaptureQueriesContext(connection) as captured:
        related = related_pages(page, limit=6)
    assert len(captured) == 1
    assert titles(related[:2]) == ["Home", "Other 0"]
    assert [page.related_is_pick for page in related] == [True, True] + [False] * 4


def test_cached_then_free(news, django_assert_num_queries):
    page = make_article(news, "Page", tags=["a"])
    for i in range(4):
        make_article(news, f"Other {i}", tags=["a"], hero_image=ImageFactory())
    for image in (other.hero_image for other in related_pages(page)):
        image.get_rendition("fill-480x270")  # as the first page view does
    cache.clear()
    restricted_paths()  # read once and cached, as by any request
    with django_assert_num_queries(2):  # the pages, the renditions
        related_pages(page)
    with django_assert_num_queries(0):  # the pages and renditions are cached
        pages = related_pages(page)
    assert all(p.hero_image.prefetched_renditions for p in pages)


def test_republishing_the_page_recomputes_its_list(news):
    page = make_article(news, "Page", tags=["a"])
    make_article(news, "Shares a", tags=["a"])
    make_article(news, "Shares b", tags=["b"])
    assert titles(related_pages(page)) == ["Shares a"]
    page.tags.set(["b"])
    page.save_revision().publish()
    page.refresh_from_db()  # as the next request loads it
    assert titles(related_pages(page)) == ["Shares b"]


@pytest.fixture
def connected_signals():
    signals.connect()  # as the app's ready() does; left connected for others


def test_with_the_signals_an_unpublished_article_leaves_every_list_at_once(
    news, connected_signals
):
    page = make_article(news, "Page", tags=["a"])
    other = make_article(news, "Other", tags=["a"])
    assert titles(related_pages(page)) == ["Other"]
    other.unpublish()
    assert related_pages(page) == []


def test_with_the_signals_a_page_made_private_leaves_every_list(
    news, connected_signals
):
    page = make_article(news, "Page", tags=["a"])
    other = make_article(news, "Other", tags=["a"])
    assert titles(related_pages(page)) == ["Other"]
    make_private(other)
    assert related_pages(page) == []


def test_a_page_without_tags_or_picks_has_none(news, home_page):
    page = make_article(news, "Page")
    make_article(news, "Other")
    assert related_pages(page) == []
    assert related_pages(home_page) == []
    assert related_pages(None) == []


def test_chosen_ids_replace_the_pages_own_picks(news, home_page):
    chosen = make_article(news, "Chosen")
    draft = make_article(news, "Draft", publish=False)
    page = make_article(news, "Page", picks=[make_article(news, "Own pick")])
    related = related_pages(page, picked_ids=[draft.pk, chosen.pk, home_page.pk])
    assert titles(related) == ["Chosen", "Home"]
    # On any page, even one that is no article.
    assert titles(related_pages(home_page, picked_ids=[chosen.pk])) == ["Chosen"]


def test_with_the_signals_a_renamed_category_shows_at_once(
    news, connected_signals, client
):
    reports = ArticleCategory.objects.create(name="Reports")
    page = make_article(news, "Page", categories=[reports])
    assert ">Reports<" in client.get(page.url).text
    reports.name = "Field reports"
    reports.save()
    assert ">Field reports<" in client.get(page.url).text


def test_an_alias_of_a_private_index_is_as_private_as_its_source(
    news, home_page, client
):
    members = make_index(home_page, "Members", "members")
    make_article(members, "Members only", tags=["a"])
    mirror = members.create_alias(
        parent=home_page, update_slug="mirror", recursive=True
    )
    make_private(members)  # after the alias was made: only the source has it
    alias = ArticlePage.objects.child_of(mirror).get()
    page = make_article(news, "Page", tags=["a"])
    assert related_pages(page) == []
    # Served through the index's own routing, it asks for a login.
    response = client.get(alias.url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
