"""On a site whose pages subclass Wagtail's ``Page``, the plugin reads the same
fields and grants the same permissions as before it looked for a swapped page
model (tests/test_swapped_page_model.py covers the swapped one)."""

from types import SimpleNamespace

from wagtail.models import Page

from wagtail_tuidang.articles.mixins import ArticlePageMixin
from wagtail_tuidang.basepage import page_permission, search_description
from wagtail_tuidang.pages.models import ArticlePage


def test_an_article_page_indexes_pages_fields_then_its_own():
    assert ArticlePage.search_fields == [
        *Page.search_fields,
        *ArticlePageMixin.article_search_fields,
    ]
    assert "show_in_menus" in [f.field_name for f in ArticlePage.search_fields]


def test_the_search_description_is_read_where_it_exists():
    assert search_description(SimpleNamespace(search_description="About")) == "About"
    assert search_description(SimpleNamespace(title="No such field")) == ""


def test_page_permissions_are_wagtailcores():
    assert page_permission("add_page") == "wagtailcore.add_page"
    assert page_permission("publish_page") == "wagtailcore.publish_page"
