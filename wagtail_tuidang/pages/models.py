"""Ready-made page types: thin classes over the mixins in wagtail_tuidang.

A site with its own base page writes the same two lines with its base page in
place of ``Page``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.models import Page

from wagtail_tuidang.articles.mixins import ArticleIndexPageMixin, ArticlePageMixin
from wagtail_tuidang.articles.models import (
    AbstractArticlePageAuthor,
    AbstractArticleRecommendation,
)
from wagtail_tuidang.statements.mixins import (
    StatementIndexPageMixin,
    StatementPageMixin,
)


class StatementIndexPage(StatementIndexPageMixin, Page):
    class Meta:
        verbose_name = _("statement index page")
        verbose_name_plural = _("statement index pages")


class StatementPage(StatementPageMixin, Page):
    class Meta:
        verbose_name = _("featured statement page")
        verbose_name_plural = _("featured statement pages")


class ArticleIndexPage(ArticleIndexPageMixin, Page):
    subpage_types = ["wagtail_tuidang_pages.ArticlePage"]

    class Meta:
        verbose_name = _("article index page")
        verbose_name_plural = _("article index pages")


class ArticlePage(ArticlePageMixin, Page):
    tags = ClusterTaggableManager(
        through="wagtail_tuidang_pages.ArticlePageTag",
        blank=True,
        verbose_name=_("tags"),
    )

    parent_page_types = ["wagtail_tuidang_pages.ArticleIndexPage"]

    class Meta:
        verbose_name = _("article page")
        verbose_name_plural = _("article pages")


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
