"""Migrations that load on every supported Wagtail.

``makemigrations`` on Wagtail 8 writes ``settings.WAGTAIL_PAGE_MODEL`` for a
link to a page; Wagtail 7.4 has no such setting, and every test on it then
fails before it starts. The plugin's and the example site's migrations name
the page model through ``swapper`` instead (it answers ``wagtailcore.Page``
on 7.4 and the swapped model on 8), and depend only on Wagtail migrations
that 7.4 ships.
"""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MIGRATIONS = sorted(
    path
    for root in (REPO / "wagtail_tuidang", REPO / "example_site")
    for path in root.rglob("migrations/[0-9]*.py")
)

#: The newest migration of each Wagtail app in Wagtail 7.4, the oldest
#: supported release: a migration of the plugin may depend on these or older.
OLDEST_WAGTAILCORE = 97


def test_the_migrations_are_found():
    assert len(MIGRATIONS) > 20


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: str(p.relative_to(REPO)))
def test_a_migration_names_the_page_model_through_swapper(path):
    assert "WAGTAIL_PAGE_MODEL" not in path.read_text(), (
        f"{path.name}: write swapper.dependency('wagtailcore', 'Page') and "
        "swapper.get_model_name('wagtailcore', 'Page') (Wagtail 7.4 has no "
        "WAGTAIL_PAGE_MODEL setting)"
    )


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: str(p.relative_to(REPO)))
def test_a_migration_depends_only_on_wagtail_migrations_of_the_oldest_release(path):
    numbers = [
        int(number)
        for number in re.findall(r'\("wagtailcore",\s*"(\d{4})_', path.read_text())
    ]
    assert all(number <= OLDEST_WAGTAILCORE for number in numbers), path.name


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["Statement", "SpentToken"])
def test_a_write_heavy_table_has_no_index_only_a_like_query_could_read(model):
    """Every lookup of a statement's or a spent token's keys is by equality:
    a ``varchar_pattern_ops`` index (Django's ``_like``) would only be
    written on every insert (migrations 0016 and 0026)."""
    from django.apps import apps
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL has pattern-ops indexes")
    table = apps.get_model("wagtail_tuidang", model)._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s "
            "AND indexdef LIKE %s",
            [table, "%pattern_ops%"],
        )
        assert cursor.fetchall() == []
