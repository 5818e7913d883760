"""Where the language switcher shows in a site's own layout, and that a
form's POST is never taken for a switch."""

import pytest
from django.conf import settings
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
