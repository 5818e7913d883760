"""`tuidang_demo` builds a usable site, and running it twice adds nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site, WorkflowPage

from home.management.commands.tuidang_demo import DEMO_USERS
from home.models import HomePage
from wagtail_tuidang.moderation.setup import WORKFLOW_NAME
from wagtail_tuidang.pages.models import (
    ArticleIndexPage,
    StatementIndexPage,
    StatementPage,
)

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


def test_demo_serves_the_home_page(client, demo_site):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    response = client.get("/")
    assert response.status_code == 200
    assert "<h1>退党服务中心</h1>" in response.text
    # Wagtail's placeholder page is gone.
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page.pk).exists()


@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_every_printed_login_reaches_the_admin(client, username, demo_site):
    password, _group = DEMO_USERS[username]
    response = client.post(
        "/admin/login/", {"username": username, "password": password}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.username == username
    assert client.get("/admin/").status_code == 200


def test_second_run_adds_nothing_and_is_cheap(demo_site):
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        call_command("tuidang_demo")
    assert row_counts() == before
    assert len(queries) < 60


def test_the_demos_pages_go_through_the_tuidang_review(demo_site):
    home = Site.objects.get(is_default_site=True).root_page
    wall = StatementIndexPage.objects.get()
    news = ArticleIndexPage.objects.get()
    # The wall and the article index get it as on any site; the home page
    # too, since every page of the example site is the plugin's.
    attached = WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME)
    assert set(attached.values_list("page_id", flat=True)) == {
        home.pk,
        wall.pk,
        news.pk,
    }
    featured = StatementPage.objects.first()
    assert featured.get_workflow().name == WORKFLOW_NAME


def test_the_demo_names_the_address_it_is_served_at(client, demo_site):
    """``make demo`` passes its address: share links and canonical URLs then
    lead somewhere that works, not to ``http://localhost/``."""
    call_command("tuidang_demo", "--address", "127.0.0.1:8000")
    try:
        html = client.get("/", HTTP_HOST="127.0.0.1:8000").content.decode()
        assert 'rel="canonical" href="http://127.0.0.1:8000/"' in html
        assert "http://localhost/" not in html
    finally:
        call_command("tuidang_demo", "--address", "localhost:80")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
