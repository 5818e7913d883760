"""One wall per translated index page: move the statements and tallies that
were stored on translations of an index page to the group's original page (its
oldest, the lowest id), adding each day's tallies to the original's. See
``wagtail_tuidang.statements.walls``.

Without localisation no page shares its translation_key with another, and this
reads the page table once and writes nothing. Statements are re-pointed with
one UPDATE per translated wall (through the index on index_page_id). The
historical baseline that counts is the original page's.
"""

import swapper
from django.db import migrations


def move_to_walls(apps, schema_editor):
    from wagtail_tuidang.statements import tallies, walls

    page_model = apps.get_model(swapper.get_model_name("wagtailcore", "Page"))
    moves = walls.translations_of_walls(page_model)
    if not moves:
        return
    changed = walls.move_to_walls(
        moves,
        apps.get_model("wagtail_tuidang", "Statement"),
        apps.get_model("wagtail_tuidang", "StatementTally"),
    )
    for wall in changed:
        tallies.invalidate(wall)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_tuidang", "0013_search_text"),
        swapper.dependency("wagtailcore", "Page"),
    ]

    operations = [migrations.RunPython(move_to_walls, migrations.RunPython.noop)]
