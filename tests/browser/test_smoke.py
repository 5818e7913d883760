"""In a real browser the demo site loads nothing from elsewhere; its admin logs in."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from home.management.commands.tuidang_demo import DEMO_USERS
from tests.browser import load, origin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_site(live_site):
    call_command("tuidang_demo", stdout=None)
    return live_site


def test_home_page_loads_nothing_from_another_origin(demo_site, page):
    response = load(page, demo_site + "/")
    assert response.status == 200
    assert "退党服务中心" in page.title()
    # The stylesheet proves sub-resources are recorded, not just the document.
    assert any(urlsplit(url).path.endswith(".css") for url in page.requested)
    foreign = [url for url in page.requested if origin(url) != demo_site]
    assert foreign == []


def test_admin_logs_in_with_the_printed_demo_password(demo_site, page):
    password, _group = DEMO_USERS["admin"]
    page.goto(demo_site + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(demo_site + "/admin/")
    assert "Dashboard" in page.title()
