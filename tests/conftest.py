"""Shared fixtures. Factories live in tests/factories.py."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from wagtail.models import Locale, Page, Site

from wagtail_tuidang.statements import routes, shells


@pytest.fixture(autouse=True)
def _empty_caches():
    """Cached figures are keyed by page id, and ids are reused after a rolled
    back test: start every test with empty caches."""
    for cache in caches.all():
        cache.clear()
    # Remembered routes are checked against the database before use, but a
    # query count must not depend on which test ran before.
    routes.forget_all()
    # Kept receipt pages too: they are keyed by page id, and ids are reused.
    shells.forget_all()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """One transaction around a whole test module, rolled back after its last
    test: what a module-scoped fixture built inside it is shared by the
    module's tests, and each test still rolls its own changes back to a
    savepoint (pytest-django nests the test's atomic block in this one)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_site(module_transaction, django_db_blocker):
    """The example site with its demo content (``tuidang_demo``), built once
    per test module: it takes seconds, and the tests only read it."""
    with django_db_blocker.unblock():
        call_command("tuidang_demo", stdout=StringIO())


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in the site's default language: a request or a test
    that activated another one must not change what the next test reads."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def home_page(db):
    """The site's home page, replacing Wagtail's placeholder, as a fresh site has."""
    # Imported here: the example site's app is not installed under
    # tests/settings_swapped.py, which has its own home page.
    from home.models import HomePage

    root = Page.get_first_root_node() or _root_page()
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


def _root_page():
    """Recreate the tree root that a transactional test's flush removed.

    The flush also recreated content types under new ids: forget cached ones."""
    ContentType.objects.clear_cache()
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture(scope="session")
def dist(tmp_path_factory):
    """The sdist and the wheel, built once for every install test."""
    from tests.install_support import build_dist

    return build_dist(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def wheel_venv(dist, tmp_path_factory):
    """One virtual environment with only the wheel installed, shared by the
    install tests (creating it is their slow part); they leave it unchanged."""
    from tests.install_support import wheel_environment

    return wheel_environment(tmp_path_factory.mktemp("wheel-venv"), dist["wheel"])
