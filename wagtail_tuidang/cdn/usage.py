"""Which live pages show a block depending on another page.

A page's own URL is purged by Wagtail when it is published; a page that
*shows* something of another page (a wall's total, a featured statement,
the latest articles of an index) must be purged when that other page, or
its statements, change. The registry :class:`~.models.BlockUsage` says which.

Why a registry kept on publication rather than Wagtail's reference index:
the reference index is rewritten whenever a draft is saved, so a block
removed in a draft that is not yet published would vanish from it while the
live page still shows it (and would go unpurged); it names blocks by the
names a site chose in its StreamField, not by their class; and a site may
turn it off for a model. The registry is written from ``page_published``
(sent for every page type, on Wagtail's ``Page`` or a site's own base page)
with what the live page shows, found by walking its StreamFields down to
every block that has a ``get_cdn_dependencies(value)`` method.

A block of a site's own can take part: give it
``get_cdn_dependencies(self, value)`` returning ``(kind, page_id)`` pairs.
"""

from django.db import transaction
from wagtail import blocks
from wagtail.fields import StreamField

from .models import ANY, BlockUsage

#: The kinds of dependency the plugin's blocks declare.
WALL = "wall"  # a statement wall's figures or latest statements
FEATURED = "featured"  # a featured statement page
ARTICLE_LIST = "article_list"  # the latest articles of an article index
ARTICLES = "articles"  # any article (a related-articles block)


def dependencies(page):
    """``{(kind, target_id), …}`` of the blocks ``page`` shows."""
    found = set()
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(page, field.name, None)
            if value is not None:
                found.update(_walk(field.stream_block, value))
    return found


def _walk(block, value):
    if value is None:
        return
    method = getattr(block, "get_cdn_dependencies", None)
    if method is not None:
        for kind, target in method(value):
            yield kind, ANY if target is None else int(target)
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _walk(child.block, child.value)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _walk(block.child_block, item)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _walk(child_block, value.get(name))


def record(page):
    """Store what the live ``page`` shows, replacing what it showed before."""
    wanted = dependencies(page)
    with transaction.atomic():
        rows = BlockUsage.objects.filter(page_id=page.pk)
        known = set(rows.values_list("kind", "target_id"))
        for kind, target in known - wanted:
            rows.filter(kind=kind, target_id=target).delete()
        BlockUsage.objects.bulk_create(
            [
                BlockUsage(page_id=page.pk, kind=kind, target_id=target)
                for kind, target in wanted - known
            ],
            ignore_conflicts=True,
        )


def forget(page):
    """``page`` is no longer live: it shows nothing."""
    BlockUsage.objects.filter(page_id=page.pk).delete()


def pages_showing(kind, target_ids, include_any=False):
    """The ids of the live pages showing ``kind`` of one of ``target_ids``
    (and, with ``include_any``, of any page of that kind)."""
    targets = [int(pk) for pk in target_ids]
    if include_any:
        targets.append(ANY)
    rows = BlockUsage.objects.filter(kind=kind, target_id__in=targets)
    return set(rows.values_list("page_id", flat=True))


def rebuild():
    """Record every live page afresh (after installing or upgrading)."""
    from ..basepage import page_model

    BlockUsage.objects.all().delete()
    count = 0
    for page in page_model().objects.live().specific().iterator(chunk_size=200):
        record(page)
        count += 1
    return count
