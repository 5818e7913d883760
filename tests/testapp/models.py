"""Page types a site with its own base page builds from the mixins, as
docs/installation.md describes; the suite checks they work like the ready-made
ones."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_tuidang.blocks import (
    ArticleListBlock,
    RelatedArticlesBlock,
    StatementCounterBlock,
)
from wagtail_tuidang.statements.mixins import StatementIndexPageMixin


class SiteBasePage(Page):
    """A site's own abstract base page with a field every page shares."""

    strapline = models.CharField(max_length=100, blank=True)

    class Meta:
        abstract = True


class CampaignStatementWall(StatementIndexPageMixin, SiteBasePage):
    """A statement wall built on the site's base page."""


class LandingStreamBlock(blocks.StreamBlock):
    """A site's own StreamField holding the plugin's blocks beside its own."""

    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link"])
    article_list = ArticleListBlock()
    related_articles = RelatedArticlesBlock()
    statement_counter = StatementCounterBlock()


class LandingPage(SiteBasePage):
    """A page of a site's own type whose body mixes its blocks and the plugin's."""

    body = StreamField(LandingStreamBlock(), blank=True)

    content_panels = [*SiteBasePage.content_panels, FieldPanel("body")]
