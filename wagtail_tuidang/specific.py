"""Reaching a page's specific subclass through joins instead of one query per
page: used wherever a block or list shows pages of several types."""

import swapper
from django.core.exceptions import ObjectDoesNotExist


def link_path(model, base):
    """The ``select_related`` path from ``base`` down to its subclass ``model``."""
    names = []
    while model is not base:
        parent, link = next(
            (parent, link)
            for parent, link in model._meta.parents.items()
            if issubclass(parent, base)
        )
        names.append(link.related_query_name())
        model = parent
    return "__".join(reversed(names))


def follow(page, path):
    """The object at the end of ``path`` from ``page``, or None where a step
    is missing (the page is not of that subclass)."""
    for name in path.split("__"):
        try:
            page = getattr(page, name)
        except ObjectDoesNotExist:
            return None
        if page is None:
            return None
    return page


def fetch_specific(models, ids, related=()):
    """``{id: page}`` for the pages with ``ids`` that are of one of ``models``,
    each as its specific class, in one query.

    With several models, the base page model is joined to each model's table
    (``select_related`` through the multi-table inheritance links), which
    costs one query where ``.specific()`` costs one per page type.
    """
    if not models or not ids:
        return {}
    if len(models) == 1:
        return models[0].objects.select_related(*related).in_bulk(ids)
    base = swapper.load_model("wagtailcore", "Page")
    # Deepest first: a page of a subclass also matches its parent's path.
    paths = sorted((link_path(model, base) for model in models), key=len, reverse=True)
    joins = [*paths, *(f"{path}__{name}" for path in paths for name in related)]
    pages = base.objects.select_related(*joins).in_bulk(ids)
    found = {}
    for pk, page in pages.items():
        specific = next(filter(None, (follow(page, path) for path in paths)), None)
        if specific is not None:
            found[pk] = specific
    return found
