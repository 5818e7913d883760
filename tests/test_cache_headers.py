"""Which pages a CDN or a reverse proxy may keep whole, and which it must not.

Every read page is the same for every visitor: no cookie, nothing
``private``, so a shared cache may store it (for the time-to-live its
configuration sets: see docs/how-to/cache.md). A page carrying a form (the
submit and receipt routes, any page showing the statement form block) is
``Cache-Control: private``, as is every page served to a visitor with a
session (a signed-in editor).
"""

import pytest
from django.conf import settings

from tests.factories import body, make_article, make_index, make_statement
from tests.helpers import logged_in
from tests.testapp.models import BlocksPage
from wagtail_tuidang.pages.models import StatementPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page, index_page):
    """Every kind of public page, with published content to show."""
    statement, _ = make_statement(index_page=index_page, status="published")
    featured = home_page.add_child(
        instance=StatementPage(title="Featured", display_name="王先生")
    )
    home_page.body = body(
        ("statement_counter", {"page": index_page.pk, "heading": ""}),
        ("latest_statements", {"page": index_page.pk, "count": 5}),
        ("featured_statement", {"page": featured.pk}),
    )
    home_page.save_revision().publish()
    news = make_index(home_page)
    article = make_article(news, "Quitting", tags=["tuidang"])
    form_page = home_page.add_child(
        instance=BlocksPage(
            title="Join",
            slug="join",
            body=body(("statement_form", {"page": index_page.pk, "heading": ""})),
        )
    )
    wall = index_page.url
    day = statement.published_at.date().isoformat()
    return {
        "read": {
            "home page with counter, latest and featured blocks": home_page.url,
            "wall": wall,
            "wall, one day": f"{wall}?day={day}",
            "days": wall + "days/",
            "permalink": f"{wall}s/{statement.public_id}/",
            "stats": wall + "stats/",
            "feed": wall + "feed/",
            "atom feed": wall + "feed/atom/",
            "featured statement page": featured.url,
            "article index": news.url,
            "article index feed": news.url + "feed/",
            "article": article.url,
        },
        "form": {
            "submit": wall + "submit/",
            "receipt": wall + "receipt/",
            "page with the statement form block": form_page.url,
        },
    }


def directives(response):
    return {
        part.strip().split("=")[0]
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def test_every_read_page_is_cacheable_whole(client, site):
    for name, url in site["read"].items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert not response.cookies, f"{name} sets {list(response.cookies)}"
        assert not directives(response) & {"private", "no-store", "no-cache"}, name
        assert "csrfmiddlewaretoken" not in response.content.decode(), name


def test_every_page_with_a_form_is_private(client, site):
    for name, url in site["form"].items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert "private" in directives(response), name
        assert "public" not in directives(response), name
        assert "Cookie" in response["Vary"], name
        assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}, name


def test_submit_and_receipt_are_never_stored(client, site):
    for name in ("submit", "receipt"):
        response = client.get(site["form"][name])
        assert {"no-store", "no-cache", "private"} <= directives(response), name


def test_a_read_page_for_a_visitor_with_a_session_is_private(client, site, admin_user):
    logged_in(client, admin_user)
    for name, url in site["read"].items():
        response = client.get(url)
        assert "private" in directives(response), name
        assert "Cookie" in response["Vary"], name
