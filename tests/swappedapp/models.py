"""A site with Wagtail 8's swappable page model, as docs/installation.md
("A site with its own base page") has it: a base page built on
``AbstractPage``, so without ``Page``'s ``seo_title``, ``search_description``
and ``show_in_menus``, and the plugin's page types built from its mixins over
it. Installed only by tests/settings_swapped.py (``make test-swapped``)."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.models import AbstractPage

from wagtail_tuidang.articles.mixins import ArticleIndexPageMixin, ArticlePageMixin
from wagtail_tuidang.articles.models import (
    AbstractArticlePageAuthor,
    AbstractArticleRecommendation,
)
from wagtail_tuidang.statements.mixins import (
    StatementIndexPageMixin,
    StatementPageMixin,
)


class BasePage(AbstractPage):
    """The site's base page model: one field of its own, none of ``Page``'s."""

    strapline = models.CharField(max_length=100, blank=True)

    content_panels = [*AbstractPage.content_panels, "strapline"]


class HomePage(BasePage):
    """The site's own home page type."""


class StatementIndexPage(StatementIndexPageMixin, BasePage):
    pass


class StatementPage(StatementPageMixin, BasePage):
    pass


class ArticleIndexPage(ArticleIndexPageMixin, BasePage):
    subpage_types = ["swappedapp.ArticlePage"]


class ArticlePage(ArticlePageMixin, BasePage):
    tags = ClusterTaggableManager(through="swappedapp.ArticlePageTag", blank=True)

    parent_page_types = ["swappedapp.ArticleIndexPage"]


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePageAuthor(AbstractArticlePageAuthor):
    page = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="article_authors"
    )


class ArticlePageRecommendation(AbstractArticleRecommendation):
    page = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="recommended_pages"
    )
