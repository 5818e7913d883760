"""The site's own StreamField blocks, and the body every content page has."""

from wagtail import blocks

from wagtail_tuidang.blocks import (
    ArticleListBlock,
    FeaturedStatementBlock,
    LatestStatementsBlock,
    RelatedArticlesBlock,
    ShareButtonsBlock,
    StatementCounterBlock,
    StatementFormBlock,
)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "h2"), ("h3", "h3")], default="h2")

    class Meta:
        template = "site_core/blocks/heading_block.html"
        icon = "title"


class ContentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])
    statement_form = StatementFormBlock()
    counter = StatementCounterBlock()
    latest_statements = LatestStatementsBlock()
    featured_statement = FeaturedStatementBlock()
    share = ShareButtonsBlock()
    related_articles = RelatedArticlesBlock()
    latest_articles = ArticleListBlock()
