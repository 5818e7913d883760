"""A site's own moderation queue, as a site developer would subclass it."""

from wagtail_tuidang.moderation.views import StatementViewSet


class SiteQueueViewSet(StatementViewSet):
    """The plugin's queue with more rows a page."""

    list_per_page = 100
