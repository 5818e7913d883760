"""Page types a site with its own base page builds from the mixins, as
docs/installation.md describes; the suite checks they work like the ready-made
ones."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_tuidang.blocks import (
    ArticleBodyBlock,
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


class EveryBlock(ArticleBodyBlock):
    """Every block the plugin ships, in a site's own StreamField."""

    article_list = ArticleListBlock()


class BlocksPage(SiteBasePage):
    """A site's page holding every plugin block, its body rendered the way
    ``rendering`` names: the whole stream or each block with
    ``{% include_block %}``, or ``{{ page.body }}`` as many sites do."""

    INCLUDE_BLOCK = "include_block"
    EACH_BLOCK = "each_block"
    PAGE_BODY = "page_body"

    rendering = models.CharField(
        max_length=20,
        choices=[
            (INCLUDE_BLOCK, "{% include_block page.body %}"),
            (EACH_BLOCK, "{% for block in page.body %}{% include_block block %}"),
            (PAGE_BODY, "{{ page.body }}"),
        ],
        default=INCLUDE_BLOCK,
    )
    body = StreamField(EveryBlock(), blank=True)

    content_panels = [*SiteBasePage.content_panels, FieldPanel("body")]

    def get_template(self, request, *args, **kwargs):
        return f"testapp/blocks_page_{self.rendering}.html"


class LimitPage(Page):
    """The floor the benchmarks compare the plugin's pages with: a bare
    Wagtail page listing the titles of the 50 newest live pages, read in one
    query (see benchmarks/pages.py)."""

    #: Titles the page lists.
    titles = 50

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = Page.objects.live().order_by("-first_published_at", "-pk")
        context["titles"] = list(pages.values_list("title", flat=True)[: self.titles])
        return context
