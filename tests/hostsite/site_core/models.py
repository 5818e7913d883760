"""Riverside Voices' pages: its own base page model (``WAGTAIL_PAGE_MODEL``),
its home and content pages, and the Tuidang page types built from the
plugin's mixins over that base page."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import AbstractPage
from wagtail.search import index

from wagtail_tuidang.articles.mixins import ArticleIndexPageMixin, ArticlePageMixin
from wagtail_tuidang.articles.models import (
    AbstractArticlePageAuthor,
    AbstractArticleRecommendation,
)
from wagtail_tuidang.statements.mixins import (
    StatementIndexPageMixin,
    StatementPageMixin,
)

from .blocks import ContentStreamBlock


class BasePage(AbstractPage):
    """What every page of the site has: a teaser for lists and link previews
    (in place of Wagtail's ``search_description``), no ``seo_title`` and no
    ``show_in_menus``."""

    teaser = models.CharField(max_length=255, blank=True)

    promote_panels = [*AbstractPage.promote_panels, FieldPanel("teaser")]
    search_fields = [*AbstractPage.search_fields, index.SearchField("teaser")]


class HomePage(BasePage):
    intro = RichTextField(blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    max_count = 1


class ContentPage(BasePage):
    body = StreamField(ContentStreamBlock(), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]


class StatementWall(StatementIndexPageMixin, BasePage):
    pass


class FeaturedStatementPage(StatementPageMixin, BasePage):
    pass


class NewsIndexPage(ArticleIndexPageMixin, BasePage):
    subpage_types = ["site_core.NewsPage"]


class NewsPage(ArticlePageMixin, BasePage):
    tags = ClusterTaggableManager(through="site_core.NewsPageTag", blank=True)

    parent_page_types = ["site_core.NewsIndexPage"]


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        NewsPage, on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPageAuthor(AbstractArticlePageAuthor):
    page = ParentalKey(
        NewsPage, on_delete=models.CASCADE, related_name="article_authors"
    )


class NewsPageRecommendation(AbstractArticleRecommendation):
    page = ParentalKey(
        NewsPage, on_delete=models.CASCADE, related_name="recommended_pages"
    )


@register_setting
class FooterSettings(BaseSiteSetting):
    text = models.CharField(max_length=255, blank=True)
