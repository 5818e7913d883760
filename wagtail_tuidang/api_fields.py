"""Serializers for the ``api_fields`` of the plugin's page types, read by
Wagtail's API v2 pages endpoint (docs/reference/api.md)."""

from rest_framework.fields import Field


class AuthorsField(Field):
    """An article's authors, in the editor's order, by name."""

    def to_representation(self, value):
        return [
            {"name": link.author.name}
            for link in value.select_related("author").order_by("sort_order")
        ]


class FiguresField(Field):
    """A wall's public figures (from its tallies, as ``stats/json/`` gives
    them): the total and the recent counts."""

    #: The keys of ``page.figures`` the API shows.
    keys = (
        "total",
        "baseline",
        "statements",
        "today",
        "yesterday",
        "this_week",
        "this_month",
        "party",
        "youth_league",
        "young_pioneers",
    )

    def to_representation(self, value):
        return {key: value[key] for key in self.keys}
