"""Page types a site with its own base page builds from the mixins, as
docs/installation.md describes; the suite checks they work like the ready-made
ones."""

from django.db import models
from wagtail.models import Page

from wagtail_tuidang.statements.mixins import StatementIndexPageMixin


class SiteBasePage(Page):
    """A site's own abstract base page with a field every page shares."""

    strapline = models.CharField(max_length=100, blank=True)

    class Meta:
        abstract = True


class CampaignStatementWall(StatementIndexPageMixin, SiteBasePage):
    """A statement wall built on the site's base page."""
