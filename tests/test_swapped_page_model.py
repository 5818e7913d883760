"""The plugin's page types on a site with Wagtail 8's swappable page model.

tests/swappedapp builds them from the mixins over a base page derived from
``AbstractPage``, which has no ``seo_title``, ``search_description`` or
``show_in_menus``. Runs only under tests/settings_swapped.py
(``make test-swapped``); skipped under the suite's usual settings.
"""

import json
import re
import time
import xml.etree.ElementTree as ET
from io import StringIO
from unittest import mock

import pytest
from django.conf import settings
from django.core import signing
from django.core.management import call_command
from django.template import Context, Template
from django.utils import timezone

if getattr(settings, "WAGTAIL_PAGE_MODEL", "") != "swappedapp.BasePage":
    pytest.skip(
        "needs tests.settings_swapped (make test-swapped)", allow_module_level=True
    )

from django.contrib.auth.models import Group
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import GroupPagePermission, Site

from tests.cdn import purged, recording_settings
from tests.swappedapp.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    BasePage,
    HomePage,
    StatementIndexPage,
    StatementPage,
)
from wagtail_tuidang.blocks import FeaturedStatementBlock
from wagtail_tuidang.models import Author, Statement
from wagtail_tuidang.moderation.setup import EDITORS, WORKFLOW_NAME, run_setup
from wagtail_tuidang.statements import antispam, transitions

ATOM = "{http://www.w3.org/2005/Atom}"
META = Template("{% load wagtail_tuidang_tags %}{% tuidang_meta page %}")


@pytest.fixture
def home(db):
    """The site's home page (of its own type), in place of Wagtail's first page."""
    root = BasePage.get_first_root_node()
    Site.objects.all().delete()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True
    )
    return home


@pytest.fixture
def wall(home):
    return home.add_child(
        instance=StatementIndexPage(
            title="Statements", slug="statements", baseline_total=455_000_000
        )
    )


@pytest.fixture
def published(wall):
    """A published statement on the wall."""
    statement = Statement(
        index_page=wall, name="自由人", quit_party=True, people_count=1, region="gd"
    )
    statement.text = "我声明退出中共及其相关组织。"
    transitions.submit(statement)
    transitions.publish(statement)
    return statement


@pytest.fixture
def news(home):
    return home.add_child(instance=ArticleIndexPage(title="News", slug="news"))


@pytest.fixture
def article(news):
    page = ArticlePage(
        title="Leaving the Party",
        summary="Why people quit, in their own words.",
        first_published_at=timezone.now(),
        last_published_at=timezone.now(),
    )
    page.tags.add("tuidang")
    page.article_authors = [
        ArticlePageAuthor(author=Author.objects.create(name="Li Hua"), sort_order=0)
    ]
    return news.add_child(instance=page)


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content).find("channel")  # noqa: S314


def atom_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = ET.fromstring(response.content)  # noqa: S314
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def meta_content(html, key):
    match = re.search(rf'<meta (?:property|name)="{key}" content="([^"]*)">', html)
    return match.group(1) if match else None


def aged_token(seconds=60):
    """The form's render token as if it had been shown ``seconds`` ago."""
    past = signing.b62_encode(int(time.time()) - seconds)
    with mock.patch.object(signing.TimestampSigner, "timestamp", lambda self: past):
        return antispam.new_token()


# The statement wall ----------------------------------------------------------------


def test_the_wall_lists_published_statements(client, wall, published):
    html = get_ok(client, wall.url)
    assert "自由人" in html
    assert "455,000,001" in html or "455000001" in html


def test_the_language_switcher_switches_on_the_wall(client, wall):
    html = get_ok(client, wall.url)
    assert f'href="{wall.url}?language=zh-hant"' in html
    response = client.get(wall.url + "?language=zh-hant")
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"
    assert '<html lang="zh-hant">' in get_ok(client, wall.url)


def test_a_statement_has_its_permalink(client, wall, published):
    html = get_ok(client, f"{wall.url}s/{published.public_id}/")
    assert "我声明退出中共及其相关组织。" in html


def test_a_submission_is_stored_pending_with_a_receipt(client, wall):
    form = get_ok(client, wall.url + "submit/")
    assert 'name="text"' in form
    response = client.post(
        wall.url + "submit/",
        {
            "name": "新人",
            "organisations": ["party"],
            "people_count": "1",
            "region": "gd",
            "text": "我声明退出中共。",
            "declared_on": timezone.localdate().isoformat(),
            "contact": "",
            "website": "",
            "rendered": aged_token(),
        },
    )
    assert response.status_code == 200
    statement = Statement.objects.get()
    assert (statement.name, statement.status) == ("新人", "pending")
    code = re.search(
        r'class="td-receipt__code"[^>]*><code>(.*?)</code>', response.content.decode()
    )
    assert code, "no receipt code on the page"
    receipt = client.post(
        wall.url + "receipt/",
        {"code": re.sub(r"<[^>]+>", "", code.group(1)), "action": "check"},
    )
    assert receipt.status_code == 200
    assert "新人" in receipt.content.decode()


def test_the_receipt_lookup_and_stats_render(client, wall, published):
    assert 'name="code"' in get_ok(client, wall.url + "receipt/")
    assert "455,000,001" in get_ok(client, wall.url + "stats/")


def test_the_walls_feeds_carry_its_statements(client, wall, published):
    channel = rss(client, wall.url + "feed/")
    assert channel.findtext("title") == "Statements"
    assert channel.findtext("description") == "Statements published on Statements"
    assert [item.findtext("title") for item in channel.iter("item")] == ["自由人"]
    assert atom_titles(client, wall.url + "feed/atom/") == ["自由人"]


def test_the_wall_has_its_title_feed_links_and_meta_tags(client, wall):
    html = get_ok(client, wall.url)
    assert re.search(r"<title>\s*Statements\b", html)
    assert 'href="/statements/feed/"' in html
    tags = META.render(
        Context({"page": wall, "request": client.get(wall.url).wsgi_request})
    )
    assert meta_content(tags, "og:title") == "Statements"
    assert meta_content(tags, "og:url") == "http://localhost/statements/"
    assert meta_content(tags, "og:description") is None


class RecordingBackend(BaseBackend):
    purged = []

    def purge(self, url):
        self.purged.append(url)


def test_publishing_purges_the_walls_urls_from_the_cdn(
    settings, wall, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": f"{__name__}.RecordingBackend"}
    }
    RecordingBackend.purged = []
    statement = Statement(index_page=wall, name="自由人", quit_party=True, region="gd")
    transitions.submit(statement)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.publish(statement)
    assert f"http://localhost/statements/s/{statement.public_id}/" in (
        RecordingBackend.purged
    )


def test_a_decision_purges_a_page_of_the_base_model_showing_the_counter(
    settings, news, wall, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = recording_settings()
    counter = {"type": "statement_counter", "value": {"page": wall.pk, "heading": ""}}
    page = news.add_child(
        instance=ArticlePage(title="Counted", body=json.dumps([counter]), live=False)
    )
    page.save_revision().publish()
    statement = Statement(index_page=wall, name="自由人", quit_party=True, region="gd")
    transitions.submit(statement)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.publish(statement)
    assert page.full_url == "http://localhost/news/counted/"
    assert page.full_url in purged()


# Featured statements and articles -----------------------------------------------


def test_a_featured_statement_page_renders(client, home):
    page = home.add_child(
        instance=StatementPage(
            title="Featured", display_name="王先生", body="<p>My story, told.</p>"
        )
    )
    html = get_ok(client, page.url)
    assert "王先生" in html
    assert "My story, told." in html


def test_a_featured_statement_block_shows_the_start_of_the_story(home):
    page = home.add_child(
        instance=StatementPage(
            title="Featured", display_name="王先生", body="<p>My story, told.</p>"
        )
    )
    block = FeaturedStatementBlock()
    html = block.render(block.to_python({"page": page.pk}))
    assert "王先生" in html
    assert "My story, told." in html


def test_an_article_renders_with_its_summary_as_description(client, article):
    html = get_ok(client, article.url)
    assert "Leaving the Party" in html
    assert "Li Hua" in html
    assert meta_content(html, "og:type") == "article"
    assert meta_content(html, "og:description") == (
        "Why people quit, in their own words."
    )
    assert meta_content(html, "description") == "Why people quit, in their own words."


def test_the_article_index_lists_its_articles(client, news, article):
    html = get_ok(client, news.url)
    assert "Leaving the Party" in html
    assert get_ok(client, news.url + "?tag=tuidang").count("Leaving the Party") >= 1


def test_the_article_feeds_carry_the_articles(client, news, article):
    channel = rss(client, news.url + "feed/")
    assert channel.findtext("description") == "The latest articles of News"
    titles = [item.findtext("title") for item in channel.iter("item")]
    assert titles == ["Leaving the Party"]
    assert atom_titles(client, news.url + "feed/atom/") == ["Leaving the Party"]


def test_an_article_is_found_by_the_sites_search(article):
    assert list(ArticlePage.objects.live().search("own words")) == [article]


# The project -------------------------------------------------------------------


def test_articles_index_their_base_pages_fields_and_their_own():
    names = [field.field_name for field in ArticlePage.get_search_fields()]
    assert "title" in names
    assert "summary" in names
    assert "show_in_menus" not in names
    assert [e.id for e in ArticlePage.check() if e.id == "modelsearch.W004"] == []


def test_the_system_check_is_clean():
    call_command("check", fail_level="WARNING", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_the_migrations_match_the_models():
    call_command(
        "makemigrations",
        "wagtail_tuidang",
        "swappedapp",
        check=True,
        dry_run=True,
        stdout=StringIO(),
    )


def test_setup_reviews_and_lets_editors_edit_the_plugins_pages_of_the_base_model(
    home, wall, news
):
    call_command("tuidang_setup", "--attach-to", "/", stdout=StringIO())
    editors = Group.objects.get(name=EDITORS)
    granted = GroupPagePermission.objects.filter(group=editors)
    assert sorted(granted.values_list("page_id", "permission__codename")) == sorted(
        (page.pk, codename)
        for page in (home, wall, news)
        for codename in ("add_basepage", "change_basepage")
    )
    for page in (home, wall, news):
        assert page.get_workflow().name == WORKFLOW_NAME


def test_setup_leaves_the_home_page_of_the_base_model_alone(home, wall):
    run_setup()
    home_workflow = BasePage.objects.get(pk=home.pk).get_workflow()
    assert getattr(home_workflow, "name", None) != WORKFLOW_NAME
    assert BasePage.objects.get(pk=wall.pk).get_workflow().name == WORKFLOW_NAME


def test_editors_can_open_every_page_type_and_the_statement_queue(
    client, django_user_model, wall, news, article
):
    client.force_login(
        django_user_model.objects.create_superuser("admin", "a@example.invalid", "pw")
    )
    statement_page = wall.get_parent().add_child(
        instance=StatementPage(title="Featured", display_name="王先生")
    )
    for page in (wall, news, article, statement_page):
        assert get_ok(client, f"/admin/pages/{page.pk}/edit/").count('name="title"')
    pending = Statement(index_page=wall, name="待审", quit_party=True, region="gd")
    transitions.submit(pending)
    assert "待审" in get_ok(client, "/admin/tuidang/statements/")
    assert get_ok(client, f"/admin/pages/add/swappedapp/articlepage/{news.pk}/")
