"""Finding the statement index pages of a site, whatever page types it built
on :class:`~wagtail_tuidang.statements.mixins.StatementIndexPageMixin`."""

from django.apps import apps

from .mixins import StatementIndexPageMixin
from .models import Statement
from .walls import walls_only


def statement_index_pages(request=None, *, translations=False):
    """Pages of every concrete page type built on StatementIndexPageMixin, in
    tree order: with localisation, one per wall (its original) unless
    ``translations`` is set. ``request`` is accepted (and unused) so that the
    function can serve as a django-filter queryset callable."""
    page_model = Statement._meta.get_field("index_page").related_model
    types = wall_page_types()
    if not types:
        return page_model.objects.none()
    pages = page_model.objects.type(*types).order_by("path")
    return pages if translations else walls_only(pages)


def wall_page_types():
    """The concrete page types built on StatementIndexPageMixin."""
    page_model = Statement._meta.get_field("index_page").related_model
    return [
        model
        for model in apps.get_models()
        if issubclass(model, StatementIndexPageMixin) and issubclass(model, page_model)
    ]
