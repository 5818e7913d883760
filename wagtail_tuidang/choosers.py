"""A page chooser block for the page types built from one of the plugin's
mixins, shared by the statement and article blocks.

Import it from :mod:`wagtail_tuidang.blocks`.
"""

import copy

import swapper
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.coreutils import resolve_model_string
from wagtail.models import get_page_models

from .specific import fetch_specific


class MixinPageChooserBlock(blocks.PageChooserBlock):
    """A page chooser for the page types built from :attr:`page_mixin`.

    Without ``page_type``, every installed page type built from the mixin is
    offered, so a site that builds its own page types from the mixins needs no
    configuration; pass ``page_type`` (a model, "app_label.Model" or a list) to
    narrow the choice, or override :meth:`get_default_page_types`. Chosen pages
    come back as their specific class in one query, whatever their type.

    A value is a page, or None when the chosen page is gone (deleted, or no
    longer of an offered type): the block then renders nothing, and the
    editor shows an empty chooser that must be filled again to publish.
    """

    #: The mixin whose page types this block offers.
    page_mixin = None
    #: Relations of the page fetched in the same query (e.g. its photo).
    related = ()

    @cached_property
    def target_models(self):
        if self.page_type:
            return [resolve_model_string(model) for model in self.page_type]
        return self.get_default_page_types()

    def get_default_page_types(self):
        """The page models offered when no ``page_type`` is given. Override
        this to narrow the choice for every instance of the block."""
        return [model for model in get_page_models() if self._fits(model)]

    def _fits(self, model):
        return issubclass(model, self.page_mixin) and not model._meta.abstract

    # ``widget`` and ``field`` are built on each use, not cached as Wagtail's
    # are: the chooser writes its label ("Choose a page (Statement page)") in
    # the language active when it is built, and a cached one would show every
    # editor the language of whoever opened an editor first.
    @property
    def widget(self):
        from wagtail.admin.widgets import AdminPageChooser

        return AdminPageChooser(
            target_models=self.target_models, can_choose_root=self.can_choose_root
        )

    @property
    def field(self):
        # Only the offered types validate, whatever id a form post carries.
        return forms.ModelChoiceField(
            queryset=self.model_class.objects.type(*self.target_models),
            widget=self.widget,
            required=self._required,
            validators=self._validators,
            help_text=self._help_text,
        )

    def page_id(self, value):
        """The id of the page ``value`` names: a page, or its id as stored
        (an int) or posted (a string); None for anything else."""
        if isinstance(value, Model):
            return value.pk
        if value is None or value == "":
            return None
        try:
            return swapper.load_model("wagtailcore", "Page")._meta.pk.to_python(value)
        except ValidationError:
            return None

    def _is_chosen(self, value):
        return isinstance(value, tuple(self.target_models))

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def bulk_to_python(self, values):
        # Pages given as instances of an offered type are kept; ids (as int
        # or str) are fetched together, each as its specific class.
        ids = [
            None if self._is_chosen(value) else self.page_id(value) for value in values
        ]
        found = fetch_specific(
            self.target_models, [pk for pk in ids if pk is not None], self.related
        )
        # A page chosen twice gets two instances, as Wagtail's choosers do.
        return [
            value if self._is_chosen(value) else copy.copy(found.get(pk))
            for value, pk in zip(values, ids, strict=True)
        ]

    def normalize(self, value):
        # Values set in code may name the page by its id, as stored.
        return self.to_python(value)

    def get_prep_value(self, value):
        return self.page_id(value)

    def value_from_form(self, value):
        return self.to_python(value)
