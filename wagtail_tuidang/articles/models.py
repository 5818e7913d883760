"""Snippets of the article pages (``Author``, ``ArticleCategory``) and the
abstract bases of the page's inline rows.

The rows that point at a page (its authors, its recommended pages, its tags)
need a ``ParentalKey`` to the *concrete* page class, so they cannot live here.
A site building its own article page from
:class:`~wagtail_tuidang.articles.mixins.ArticlePageMixin` writes three small
classes next to it, as :mod:`wagtail_tuidang.pages.models` does::

    class NewsPage(ArticlePageMixin, BasePage):
        tags = ClusterTaggableManager(through="news.NewsPageTag", blank=True)

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

The related names ``article_authors`` and ``recommended_pages`` are the ones
the mixin's panels, templates and related-posts query use.
"""

import swapper
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.snippets.models import register_snippet

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


@register_snippet
class Author(index.Indexed, models.Model):
    """A person who writes articles: a name, a short bio and a photo."""

    name = models.CharField(_("name"), max_length=100)
    bio = models.TextField(
        _("short bio"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences shown below the article."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )

    panels = [FieldPanel("name"), FieldPanel("bio"), FieldPanel("photo")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name


@register_snippet
class ArticleCategory(models.Model):
    """A section of the news (e.g. "Reports", "Interviews"); an article may
    be in several. Readers filter an index by it with ``?category=<slug>``."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Used in links; made from the name when left empty."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("article category")
        verbose_name_plural = _("article categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)

    def clean(self):
        # Filled here, not only in save(), so that a slug another category
        # has is a form error rather than a failed save.
        super().clean()
        self.fill_slug()

    def fill_slug(self):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:80]


class AbstractArticlePageAuthor(Orderable):
    """One author of an article, in the order the editor set. Subclasses add
    ``page = ParentalKey(<article page>, related_name="article_authors")``."""

    author = models.ForeignKey(
        Author,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("author"),
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("author")
        verbose_name_plural = _("authors")


class AbstractArticleRecommendation(Orderable):
    """A page an editor recommends below an article, in order. Subclasses add
    ``page = ParentalKey(<article page>, related_name="recommended_pages")``."""

    recommended = models.ForeignKey(
        PAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )

    panels = [FieldPanel("recommended")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("recommended page")
        verbose_name_plural = _("recommended pages")
