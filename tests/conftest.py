"""Shared fixtures. Factories live in tests/factories.py."""

import pytest
from wagtail.models import Page, Site

from home.models import HomePage


@pytest.fixture
def home_page(db):
    """The site's home page, replacing Wagtail's placeholder, as a fresh site has."""
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Test site",
    )
    return home


@pytest.fixture
def index_page(home_page):
    """A published statement index page below the home page."""
    from wagtail_tuidang.pages.models import StatementIndexPage

    page = StatementIndexPage(
        title="Statements", slug="statements", baseline_total=455_000_000
    )
    home_page.add_child(instance=page)
    return page
