"""StreamField blocks of wagtail-tuidang, for any page of any site::

    from wagtail_tuidang.blocks import StatementCounterBlock

    class MyStreamBlock(blocks.StreamBlock):
        counter = StatementCounterBlock()

Nothing is registered globally: a site adds the blocks it wants.
"""

from .articles.blocks import (
    ArticleBodyBlock,
    ArticleIndexChooserBlock,
    ArticleListBlock,
    ArticlePageChooserBlock,
    ClickToLoadEmbedBlock,
    RelatedArticlesBlock,
)
from .choosers import MixinPageChooserBlock
from .sharing.blocks import ShareButtonsBlock
from .statements.blocks import (
    FeaturedStatementBlock,
    LatestStatementsBlock,
    StatementCounterBlock,
    StatementFormBlock,
    StatementIndexChooserBlock,
    StatementPageChooserBlock,
    StatementWallBlock,
)

__all__ = [
    "ArticleBodyBlock",
    "ArticleIndexChooserBlock",
    "ArticleListBlock",
    "ArticlePageChooserBlock",
    "ClickToLoadEmbedBlock",
    "RelatedArticlesBlock",
    "FeaturedStatementBlock",
    "LatestStatementsBlock",
    "MixinPageChooserBlock",
    "ShareButtonsBlock",
    "StatementCounterBlock",
    "StatementFormBlock",
    "StatementIndexChooserBlock",
    "StatementPageChooserBlock",
    "StatementWallBlock",
]
