"""Page mixins for news articles and their index. Concrete page types add
``Page`` (or a site's own base page): see :mod:`wagtail_tuidang.pages.models`,
and :mod:`wagtail_tuidang.articles.models` for the three small classes a
concrete article page needs beside it (tags, authors, recommendations).
"""

import datetime

from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..api_fields import AuthorsField
from ..basepage import base_search_fields, defines_own, page_model, search_description
from ..layout.head import Feed
from ..layout.pages import TuidangLayoutMixin
from ..renditions import fetch_renditions
from ..sharing import buttons
from ..sharing.meta import IMAGE_FILTER as META_IMAGE_FILTER
from . import cache, fragments, queries, related
from .blocks import CACHEABLE_BLOCKS, ArticleBodyBlock
from .queries import THUMBNAIL_SPECS
from .reading_time import reading_minutes, stream_text

#: Renditions of an author's photo; keep in step with ``_authors.html``.
AUTHOR_PHOTO_SPECS = ("fill-96x96",)
#: Renditions of the hero image; keep in step with ``article_page.html``.
HERO_IMAGE_SPECS = ("width-1200",)
#: The stylesheet of articles and their lists.
ARTICLES_CSS = "wagtail_tuidang/css/articles.css"
#: Joins author names in a byline; Chinese translations use "、".
LIST_SEPARATOR = pgettext_lazy("separator between names in a list", ", ")


class ArticlePageMixin(TuidangLayoutMixin, models.Model):
    """A news article: summary, hero image, body of blocks, ordered authors,
    source attribution for republished reports, date, tags, categories,
    editor-picked recommended pages and a reading time kept up to date.

    A concrete class must also define ``tags`` (a ``ClusterTaggableManager``
    through a ``TaggedItemBase`` with ``related_name="tagged_items"``) and two
    inline relations, ``article_authors`` and ``recommended_pages``: see
    :mod:`wagtail_tuidang.articles.models`.
    """

    summary = models.TextField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences shown in lists, feeds and link previews."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    hero_caption = models.CharField(_("caption"), max_length=300, blank=True)
    hero_credit = models.CharField(_("credit"), max_length=200, blank=True)
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("Shown on the article and used to order lists."),
    )
    source_name = models.CharField(
        _("publication"),
        max_length=120,
        blank=True,
        help_text=_("For a republished report: the outlet that first published it."),
    )
    source_url = models.URLField(_("original link"), max_length=500, blank=True)
    source_date = models.DateField(_("original date"), null=True, blank=True)
    categories = ParentalManyToManyField(
        "wagtail_tuidang.ArticleCategory",
        blank=True,
        related_name="+",
        verbose_name=_("categories"),
    )
    reading_time = models.PositiveSmallIntegerField(
        _("reading time in minutes"), default=1, editable=False
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldRowPanel([FieldPanel("hero_caption"), FieldPanel("hero_credit")]),
            ],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("date"), InlinePanel("article_authors", label=_("Authors"))],
            heading=_("Byline"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("source_name"),
                FieldRowPanel([FieldPanel("source_url"), FieldPanel("source_date")]),
            ],
            heading=_("Source"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("tags"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Tags and categories"),
        ),
        InlinePanel("recommended_pages", label=_("Recommended pages")),
    ]

    #: Fields of Wagtail's API v2 pages endpoint (docs/reference/api.md):
    #: the body as stream data, the authors by name.
    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("authors", serializer=AuthorsField(source="article_authors")),
        APIField("tags"),
        APIField("source_name"),
        APIField("source_url"),
        APIField("source_date"),
        APIField("reading_time"),
        APIField("body"),
    ]

    #: What an article adds to its base page's ``search_fields``. A concrete
    #: class that sets no ``search_fields`` of its own gets its base page's
    #: followed by these (see ``__init_subclass__``), so that a base page
    #: without ``Page``'s fields (Wagtail 8's ``WAGTAIL_PAGE_MODEL``) is
    #: never asked to index a field it does not have.
    article_search_fields = [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("source_name"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    #: The ``search_fields`` of an article page built on Wagtail's ``Page``,
    #: for code that reads them from the mixin; page types get theirs from
    #: their own base page.
    search_fields = [*Page.search_fields, *article_search_fields]

    subpage_types = []

    #: Pages shown under "Related" and "Recommended" together.
    related_limit = 6
    #: Whether the template shows the share bar (``{% share_buttons %}``):
    #: its stylesheet and script then go in the head. Set it to False for a
    #: template without one.
    shows_share_bar = True
    #: Whether the template shows ``{% tuidang_call_to_action page %}``: the
    #: wall it leads to is then cached with the page's fragments.
    shows_call_to_action = True
    #: Details of an article that other rows hold, cached together.
    cached_details = ("authors", "tag_list", "category_list", "content_language")
    #: The ``{% tuidang_fragment %}`` names of the template, read together
    #: from the cache before it renders (see
    #: :mod:`~wagtail_tuidang.articles.fragments`); ``main`` holds the body,
    #: cached only when every block of it is one of :attr:`cacheable_blocks`.
    cached_fragments = ("header", "main", "authors", "related")
    #: Body blocks whose markup depends on the published page alone; any
    #: other block (statement figures, a form, a share bar) is rendered on
    #: every view, and with it the fragment ``main``.
    cacheable_blocks = CACHEABLE_BLOCKS

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not defines_own(cls, ArticlePageMixin, "search_fields"):
            cls.search_fields = [
                *base_search_fields(cls, ArticlePageMixin),
                *cls.article_search_fields,
            ]

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.reading_time = self.compute_reading_time()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "reading_time"}
        return super().save(*args, **kwargs)

    def compute_reading_time(self):
        """Minutes to read the body (see ``reading_time``). Override this to
        count other fields too; it runs on save, never on a page view."""
        return reading_minutes(stream_text(self.body))

    def get_template(self, request, *args, **kwargs):
        """``<app_label>/<model_name>.html`` if a site has one, else ours."""
        meta = self._meta
        return [
            f"{meta.app_label}/{meta.model_name}.html",
            "wagtail_tuidang/articles/article_page.html",
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        names = [*self.get_cached_fragments(), fragments.meta_name(request)]
        if self.shows_share_bar:
            names.append(fragments.share_bar_name(request))
        if self.shows_call_to_action:
            names.append(fragments.CALL_TO_ACTION)
        found = fragments.for_page(self, request, names)
        context[fragments.CONTEXT_NAME] = found
        fragments.call_to_action(found, self, request)
        if found.has_all():
            # Nothing to read for the template's fragments; a template that
            # shows these outside of them reads them then.
            context["recommended"] = SimpleLazyObject(lambda: self._shown()[0])
            context["related"] = SimpleLazyObject(lambda: self._shown()[1])
            return context
        context["recommended"], context["related"] = self._shown(request)
        return context

    def _shown(self, request=None):
        """The picks and the related pages (two lists), with the details and
        renditions the page shows read together; once per render."""
        if "_tuidang_shown" not in self.__dict__:
            if not getattr(request, "is_preview", False):
                self.load_cached_details()
            shown = self.get_related_pages()
            fetch_renditions(
                [
                    *self.get_rendition_specs(),
                    *((page.hero_image, THUMBNAIL_SPECS) for page in shown),
                ]
            )
            self._tuidang_shown = (
                [page for page in shown if page.related_is_pick],
                [page for page in shown if not page.related_is_pick],
            )
        return self._tuidang_shown

    def get_cached_fragments(self):
        """The names in :attr:`cached_fragments` this page may cache: all of
        them, but ``main`` for a body with a block that is not one of
        :attr:`cacheable_blocks`."""
        names = list(self.cached_fragments)
        if "main" in names and not self.body_is_cacheable():
            names.remove("main")
        return names

    def body_is_cacheable(self):
        """Whether every block of the body is one of :attr:`cacheable_blocks`
        (read from the stored data: no block is rendered or converted)."""
        children = self.body.stream_block.child_blocks
        for item in self.body.raw_data:
            block = children.get(item.get("type"))
            if block is None or not isinstance(block, self.cacheable_blocks):
                return False
        return True

    def get_tuidang_head(self, context):
        head = super().get_tuidang_head(context)
        head.stylesheets.append(ARTICLES_CSS)
        head.meta = {"page": self}
        request = context.get("request")
        found = context.get(fragments.CONTEXT_NAME)
        head.meta_html = fragments.meta_html(
            found, fragments.meta_name(request), head.meta, request
        )
        if self.shows_share_bar and fragments.share_bar_shown(found, self, request):
            # Linked before the bar, which then renders the same markup above
            # and below the article once.
            head.stylesheets.append(buttons.STYLESHEET)
            head.scripts.append(buttons.SCRIPT)
        return head

    def get_rendition_specs(self):
        """Pairs of an image the page shows and the filter specs the template
        asks of it, whose renditions are read together before it renders.
        Override this with a template that shows other renditions."""
        yield self.hero_image, (*HERO_IMAGE_SPECS, META_IMAGE_FILTER)
        for author in self.authors:
            yield author.photo, AUTHOR_PHOTO_SPECS

    def get_view_restrictions(self):
        # Wagtail's own costs two queries on every page view; this one.
        return queries.view_restrictions(self)

    def get_related_pages(self):
        """The picks and related pages shown below the article (see
        :func:`~wagtail_tuidang.articles.related.related_pages`), cached,
        without their thumbnails' renditions."""
        return related.related_pages(self, limit=self.related_limit, thumbnails=False)

    def warm_cache(self):
        """Compute and cache what a view of this published article reads
        besides its own row, so that its first reader after a publication
        pays no more than the next. Runs once a publication has committed
        (see :mod:`~wagtail_tuidang.articles.signals`)."""
        self.load_cached_details()
        self.get_related_pages()

    def load_cached_details(self):
        """Fill :attr:`cached_details` from the cache, or compute and cache
        them: a page view then costs no query for them."""
        details = cache.get_or_compute(
            cache.key(self, "details"), self._compute_details
        )
        self.__dict__.update(details)

    def _compute_details(self):
        """The authors (one query) and the tags and categories (one more)."""
        self.__dict__.update(queries.tags_and_categories(self))
        return {name: getattr(self, name) for name in self.cached_details}

    @cached_property
    def authors(self):
        """The article's authors (with their photos), in the editor's order."""
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "article_authors" in prefetched:
            # The prefetched rows as they are: a list of twelve articles
            # would otherwise build a queryset for each to read them.
            rows = prefetched["article_authors"]
        else:
            rows = self.article_authors.all().select_related("author__photo")
        return [row.author for row in rows]

    @cached_property
    def tag_list(self):
        """The article's tags, by name."""
        return sorted(self.tags.all(), key=lambda tag: tag.name)

    @cached_property
    def category_list(self):
        """The article's categories, by name."""
        return sorted(self.categories.all(), key=lambda category: category.name)

    @cached_property
    def index_page(self):
        """The article index listing this article (its parent), or None when
        the parent is no index. Free after Wagtail's routing, which caches
        the parent."""
        parent = self.get_parent()
        if parent is None:
            return None
        parent = parent.specific_deferred
        return parent if isinstance(parent, ArticleIndexPageMixin) else None

    @cached_property
    def content_language(self):
        """The language the article is written in, as a language code: its
        Wagtail locale's. Override this where a field of the page says it.
        The page marks the article with it where it differs from the page's
        own language, so that screen readers read it in the right voice."""
        return self.locale.language_code

    @property
    def content_direction(self):
        """``"rtl"`` or ``"ltr"``: the writing direction of
        :attr:`content_language`."""
        base = self.content_language.split("-")[0].lower()
        return "rtl" if base in settings.LANGUAGES_BIDI else "ltr"

    @property
    def content_language_attrs(self):
        """`` lang="…" dir="…"`` for the elements holding the article's own
        words where its language is not the page's (the visitor's), else
        nothing: the page's labels stay in the page's language."""
        language = self.content_language
        if language.lower() == (translation.get_language() or "").lower():
            return ""
        return format_html(' lang="{}" dir="{}"', language, self.content_direction)

    @property
    def author_names(self):
        """The authors' names joined for a byline, e.g. "Li Ming, Jane Doe"."""
        return str(LIST_SEPARATOR).join(author.name for author in self.authors)

    def get_meta_description(self):
        """The description in link previews: the search description, else
        the summary."""
        return search_description(self) or self.summary

    def get_meta_image(self):
        """The image in link previews: the hero image, or None."""
        return self.hero_image

    def get_meta_authors(self):
        """The authors' names, in order."""
        return [author.name for author in self.authors]

    def get_meta_published(self):
        """When the article was published, as a datetime: the first
        publication if it fell on the article's date, else that date's start
        (an article republished or back-dated keeps its own date)."""
        first = self.first_published_at
        if first and timezone.localdate(first) == self.date:
            return first
        midnight = datetime.datetime.combine(self.date, datetime.time())
        return timezone.make_aware(midnight) if settings.USE_TZ else midnight

    def get_meta_modified(self):
        """When the article was last published."""
        return self.last_published_at or self.get_meta_published()

    def get_meta_type(self):
        return "article"


class ArticleIndexPageMixin(TuidangLayoutMixin, RoutablePageMixin, models.Model):
    """A list of the live, public articles below this page, newest first,
    :attr:`articles_per_page` a page, filtered by ``?tag=<slug>`` and
    ``?category=<slug>``; with RSS 2.0 at ``feed/`` and Atom at
    ``feed/atom/``, which take the same filters."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    #: Articles on one page of the list.
    articles_per_page = 12
    #: Whether the template shows ``{% tuidang_call_to_action page %}``: the
    #: wall it leads to is then cached with the list.
    shows_call_to_action = True
    #: Articles in a feed.
    feed_items = 20

    class Meta:
        abstract = True

    #: Routes whose content changes with every article published below:
    #: Wagtail's ``frontend_cache`` purges them when this page is published,
    #: and the plugin when an article below it is (see ``articles.purge``).
    cached_paths = ("/", "/feed/", "/feed/atom/")

    def get_view_restrictions(self):
        # Wagtail's own costs two queries on every page view; this one.
        return queries.view_restrictions(self)

    def get_cached_paths(self):
        """:attr:`cached_paths`: the first page of the list and its feeds."""
        return list(self.cached_paths)

    def route(self, request, path_components):
        """Route to an article child in one query (with its hero image)
        where Wagtail takes two; anything else is routed as Wagtail does,
        sub-routes such as ``feed/`` first."""
        if self.live and len(path_components) == 1:
            try:
                self.resolve_subpage(f"/{path_components[0]}/")
            except Http404:
                article = self.find_article(path_components[0])
                if article is not None:
                    return article.route(request, [])
        return super().route(request, path_components)

    def find_article(self, slug):
        """The child article with ``slug`` as its specific class, or None
        (also for a child of another type, which Wagtail then routes). A
        live, public article is kept in the cache until any page changes
        (see :func:`~wagtail_tuidang.articles.fragments.cached_child`)."""
        model = self.get_article_model()
        if model is None:
            return None

        def read():
            articles = model.objects.child_of(self).select_related("hero_image")
            article = articles.filter(slug=slug).first()
            if article is None or article.specific_class is not model:
                return None
            return article

        article = fragments.cached_child(self, slug, read)
        if article is None:
            return None
        article._cached_parent_obj = self  # as Wagtail's routing does
        return queries.mark_restricted(article)

    def get_article_model(self):
        """The article page type this index lists: the first of its allowed
        child page types built on ``ArticlePageMixin``. Override this to list
        another."""
        for model in self.specific_class.allowed_subpage_models():
            if issubclass(model, ArticlePageMixin):
                return model
        return None

    def get_articles(self):
        """Live, public article children, newest first (a queryset)."""
        model = self.get_article_model()
        if model is None:
            return page_model().objects.none()
        articles = queries.live_and_public(model.objects.child_of(self), self.path)
        return articles.order_by("-date", "-first_published_at", "-pk")

    def get_template(self, request, *args, **kwargs):
        """``<app_label>/<model_name>.html`` if a site has one, else ours."""
        meta = self._meta
        return [
            f"{meta.app_label}/{meta.model_name}.html",
            "wagtail_tuidang/articles/article_index_page.html",
        ]

    def get_tuidang_head(self, context):
        """Articles' stylesheet, and RSS and Atom links
        with the list's filters."""
        head = super().get_tuidang_head(context)
        head.stylesheets.append(ARTICLES_CSS)
        request = context.get("request")
        query = context.get("filter_query")
        query = f"?{query}" if query else ""
        base = self.get_url(request=request) or ""
        if not base.endswith("/"):
            base += "/"
        head.feeds = [
            Feed(
                "application/rss+xml",
                f"{self.title} (RSS)",
                base + self.reverse_subpage("feed") + query,
            ),
            Feed(
                "application/atom+xml",
                f"{self.title} (Atom)",
                base + self.reverse_subpage("feed_atom") + query,
            ),
        ]
        found = context.get(fragments.CONTEXT_NAME)
        name = fragments.meta_name(request)
        head.meta_html = found.get(name) if found else None
        if head.meta_html is None:  # described (and rendered) on a miss only
            head.meta = self.get_list_meta(context)
            head.meta_html = fragments.meta_html(found, name, head.meta, request)
        return head

    def get_list_meta(self, context):
        """The list's link preview and JSON-LD: a ``CollectionPage`` whose
        ``ItemList`` holds the articles shown (keyword arguments of
        :func:`~wagtail_tuidang.sharing.meta.meta_context`). A filtered list
        and each later page are lists of their own, canonical with their
        query string (the view refused any value that names nothing)."""
        request = context.get("request")
        items = [
            {"url": article.get_full_url(request), "name": article.title}
            for article in context.get("articles", ())
        ]
        meta = {"page": self, "schema_type": "CollectionPage", "items": items}
        params = context.get("filter_query", "")
        number = context.get("page_number", 1)
        query = "&".join(filter(None, [params, f"page={number}" * (number > 1)]))
        if query:
            meta["url"] = (self.get_full_url(request) or "") + "?" + query
        return meta

    @path("", name="index")
    def index_route(self, request):
        from .views import index

        return index(self, request)

    @path("feed/", name="feed")
    def feed_route(self, request):
        from .feeds import feed

        return feed(self, request, "rss")

    @path("feed/atom/", name="feed_atom")
    def atom_feed_route(self, request):
        from .feeds import feed

        return feed(self, request, "atom")
