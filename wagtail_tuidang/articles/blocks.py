"""StreamField blocks of article bodies, and article blocks for any page.

``ArticleBodyBlock`` is the body of an article: rich text with a short list of
features, headings, captioned images, quotes, click-to-load embeds, the
statement blocks, share buttons and related articles. There is deliberately no
raw HTML block: nothing an editor pastes can add a third-party script.

``RelatedArticlesBlock`` and ``ArticleListBlock`` work in any StreamField.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from wagtail_tuidang.sharing.blocks import ShareButtonsBlock
from wagtail_tuidang.statements.blocks import (
    FeaturedStatementBlock,
    LatestStatementsBlock,
    StatementCounterBlock,
    StatementFormBlock,
)

from ..choosers import MixinPageChooserBlock
from ..renditions import fetch_renditions
from . import embeds, queries, related

#: Formatting an editor may use in an article paragraph.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
#: Renditions of a body image; keep in step with ``article_image.html``.
BODY_IMAGE_SPECS = ("width-800", "width-1600")
#: Most articles an article list or related-articles block shows.
MAX_ARTICLES = 20


def first_on_request(request, name):
    """True the first time a request renders an asset named ``name``, so a
    page with many blocks links their stylesheet and script once."""
    if request is None:
        return True
    seen = request.__dict__.setdefault("_tuidang_assets", set())
    first = name not in seen
    seen.add(name)
    return first


class RenditionImageChooserBlock(ImageChooserBlock):
    """An image chooser whose images come with the renditions of
    :data:`BODY_IMAGE_SPECS`: one query for all the images of a body, however
    many there are, and their renditions from the rendition cache (one more
    query for those it lacks)."""

    def bulk_to_python(self, values):
        images = get_image_model().objects.in_bulk([value for value in values if value])
        fetch_renditions((image, BODY_IMAGE_SPECS) for image in images.values())
        return [images.get(value) for value in values]


class ArticleHeadingBlock(blocks.StructBlock):
    """A section heading inside the body (the title is the page's ``h1``)."""

    text = blocks.CharBlock(max_length=200, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
        search_index=False,
        label=_("Level"),
    )

    class Meta:
        template = "wagtail_tuidang/blocks/article_heading.html"
        icon = "title"
        label = _("Heading")


class ArticleImageBlock(blocks.StructBlock):
    """An image with an optional caption and credit."""

    image = RenditionImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=300, label=_("Caption"))
    credit = blocks.CharBlock(
        required=False, max_length=200, search_index=False, label=_("Credit")
    )

    class Meta:
        template = "wagtail_tuidang/blocks/article_image.html"
        icon = "image"
        label = _("Image")


class ArticleQuoteBlock(blocks.StructBlock):
    """A quotation and who said it."""

    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        required=False, max_length=200, label=_("Attribution")
    )

    class Meta:
        template = "wagtail_tuidang/blocks/article_quote.html"
        icon = "openquote"
        label = _("Quote")


class ClickToLoadEmbedBlock(blocks.StructBlock):
    """A video or post from another site that loads nothing from that site
    until the reader clicks. Only the URL is stored; the page shows a local
    placeholder naming the provider, with a link to the original (which is
    all a reader without JavaScript gets)."""

    url = blocks.URLBlock(
        max_length=500,
        label=_("URL"),
        help_text=_("The address of the video or post, as in the browser."),
    )
    title = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Description"),
        help_text=_("Tells readers what they would load, e.g. the video's title."),
    )

    class Meta:
        template = "wagtail_tuidang/blocks/article_embed.html"
        icon = "media"
        label = _("Embed (click to load)")

    def get_providers(self):
        """Providers whose player may be framed. Override this to add one."""
        return embeds.PROVIDERS

    def clean(self, value):
        value = super().clean(value)
        if embeds.describe(value.get("url"), self.get_providers()) is None:
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Enter an http(s) address."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed"] = embeds.describe(value.get("url"), self.get_providers())
        context["include_script"] = first_on_request(context.get("request"), "embed")
        return context


#: Body blocks whose markup depends on the published page alone (and on
#: images, documents and pages whose changes make cached fragments stale):
#: an article whose body has only these caches its rendered body (see
#: :mod:`~wagtail_tuidang.articles.fragments`).
CACHEABLE_BLOCKS = (
    blocks.RichTextBlock,
    ArticleHeadingBlock,
    ArticleImageBlock,
    ArticleQuoteBlock,
    ClickToLoadEmbedBlock,
)


class ArticlePageChooserBlock(MixinPageChooserBlock):
    """Chooses an article: any page type built on ``ArticlePageMixin``,
    fetched with its hero image in the same query."""

    related = ("hero_image",)

    @property
    def page_mixin(self):
        # Imported late: the mixin's body field is made of these blocks.
        from .mixins import ArticlePageMixin

        return ArticlePageMixin


class ArticleIndexChooserBlock(MixinPageChooserBlock):
    """Chooses an article index: any page type built on
    ``ArticleIndexPageMixin``."""

    @property
    def page_mixin(self):
        from .mixins import ArticleIndexPageMixin

        return ArticleIndexPageMixin


class RelatedArticlesBlock(blocks.StructBlock):
    """Related articles: the chosen ones first, then (on an article) the
    articles sharing most tags and categories with the page it is on, as
    :func:`wagtail_tuidang.articles.related.related_pages` ranks them.

    The page comes from the context ``{% include_block %}`` passes on. A
    StreamField rendered with ``{{ page.body }}`` passes none: the block then
    shows the chosen articles alone, or, with none chosen, the latest
    articles under the heading "Latest articles" (see
    :func:`~wagtail_tuidang.articles.related.latest_articles`).
    """

    heading = blocks.CharBlock(
        required=False, max_length=120, search_index=False, label=_("Heading")
    )
    pages = blocks.ListBlock(
        ArticlePageChooserBlock(),
        default=[],
        label=_("Chosen articles"),
        help_text=_("Leave empty to choose automatically."),
    )
    count = blocks.IntegerBlock(
        min_value=1, max_value=MAX_ARTICLES, default=4, label=_("Number of articles")
    )

    class Meta:
        template = "wagtail_tuidang/blocks/article_related.html"
        icon = "link"
        label = _("Related articles")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = (parent_context or {}).get("page")
        chosen = [chosen.pk for chosen in value.get("pages") or [] if chosen]
        limit = _clamp(value.get("count"), 4)
        if page is None and not chosen:
            context["articles"] = related.latest_articles(limit)
            context["latest_instead"] = True
        else:
            context["articles"] = related.related_pages(
                page, limit=limit, picked_ids=chosen or None
            )
        context["include_css"] = first_on_request(context.get("request"), "articles")
        return context

    def get_cdn_dependencies(self, value):
        """Any article: which ones the block lists depends on the tags and
        dates of all of them, so any article's publication purges its page."""
        yield "articles", None


class ArticleListBlock(blocks.StructBlock):
    """The latest articles of an index, optionally of one tag or category:
    one query for the articles, and their images' renditions from the
    rendition cache (one more query for those it lacks)."""

    heading = blocks.CharBlock(
        required=False, max_length=120, search_index=False, label=_("Heading")
    )
    index = ArticleIndexChooserBlock(label=_("Article index"))
    count = blocks.IntegerBlock(
        min_value=1, max_value=MAX_ARTICLES, default=5, label=_("Number of articles")
    )
    tag = blocks.CharBlock(
        required=False,
        max_length=100,
        search_index=False,
        label=_("Only with the tag"),
    )
    category = SnippetChooserBlock(
        "wagtail_tuidang.ArticleCategory",
        required=False,
        label=_("Only in the category"),
    )

    class Meta:
        template = "wagtail_tuidang/blocks/article_list.html"
        icon = "list-ul"
        label = _("Latest articles")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        index = value.get("index")
        context["index_page"] = index if index is not None and index.live else None
        context["articles"] = self.get_articles(context["index_page"], value)
        context["include_css"] = first_on_request(context.get("request"), "articles")
        return context

    def get_cdn_dependencies(self, value):
        """The index listed: an article published, unpublished or moved
        below it purges the page this block is on."""
        index = value.get("index")
        if index is not None:
            yield "article_list", index.pk

    def get_articles(self, index, value):
        """The newest live, public articles of ``index`` matching the block's
        tag and category, at most ``count`` (clamped to 1..20)."""
        if index is None:
            return []
        articles = index.get_articles()
        articles = queries.filter_by_tag(articles, (value.get("tag") or "").strip())
        category = value.get("category")
        if category is not None:
            articles = articles.filter(categories=category)
        articles = queries.with_thumbnails(articles)
        return queries.load_thumbnails(list(articles[: _clamp(value.get("count"), 5)]))


class ArticleBodyBlock(blocks.StreamBlock):
    """The blocks of an article body. Subclass it to add or remove some, and
    point your page's ``body`` at the subclass."""

    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", label=_("Paragraph")
    )
    heading = ArticleHeadingBlock()
    image = ArticleImageBlock()
    quote = ArticleQuoteBlock()
    embed = ClickToLoadEmbedBlock()
    share_buttons = ShareButtonsBlock()
    related_articles = RelatedArticlesBlock()
    statement_counter = StatementCounterBlock()
    latest_statements = LatestStatementsBlock()
    featured_statement = FeaturedStatementBlock()
    statement_form = StatementFormBlock()


def _clamp(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = default
    return min(max(number, 1), MAX_ARTICLES)
