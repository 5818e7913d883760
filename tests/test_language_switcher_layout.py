"""Where the language switcher shows in a site's own layout, and that a
form's POST is never taken for a switch."""

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(WAGTAIL_TUIDANG_BASE_TEMPLATE="host/base.html")
def test_a_host_layout_without_the_tag_gets_it_atop_the_content(client, index_page):
    body = client.get(index_page.url).content.decode()
    container = body.split('<div class="host-container">', 1)[1]
    assert container.lstrip().startswith(("<link", '<nav class="td-languages"'))
    assert body.count('<nav class="td-languages"') == 1


@override_settings(WAGTAIL_TUIDANG_BASE_TEMPLATE="host/base_with_switcher.html")
def test_a_host_layout_placing_the_tag_shows_it_there_only(client, index_page):
    body = client.get(index_page.url + "stats/").content.decode()
    nav = body.split('<nav class="host-nav">', 1)[1].split("</nav>\n", 1)[0]
    assert '<nav class="td-languages"' in nav
    assert body.count('<nav class="td-languages"') == 1


def test_the_switch_is_for_reading_only(client, index_page):
    response = client.post(index_page.url + "receipt/?language=en", {"code": "x"})
    assert response.status_code != 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@override_settings(WAGTAIL_I18N_ENABLED=True, ROOT_URLCONF="tests.i18n_urls")
def test_a_host_page_whose_page_is_not_a_wagtail_page_gets_no_switcher(rf):
    template = Template(
        "{% load wagtail_tuidang_tags %}{% tuidang_language_switcher %}"
    )
    page = Paginator(["a", "b"], 1).page(1)
    context = Context({"request": rf.get("/en/blog/"), "page": page})
    assert template.render(context) == ""
