from wagtail import blocks

from wagtail_tuidang.blocks import (
    FeaturedStatementBlock,
    LatestStatementsBlock,
    StatementCounterBlock,
    StatementFormBlock,
)


class HomeStreamBlock(blocks.StreamBlock):
    """Blocks an editor may place on the home page."""

    heading = blocks.CharBlock(form_classname="title", icon="title")
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    statement_counter = StatementCounterBlock()
    latest_statements = LatestStatementsBlock()
    featured_statement = FeaturedStatementBlock()
    statement_form = StatementFormBlock()
