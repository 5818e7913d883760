"""Reaching a page's specific subclass through joins instead of one query per
page: used wherever a block or list shows pages of several types."""

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
