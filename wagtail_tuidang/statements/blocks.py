"""StreamField blocks for statement walls, usable in any StreamField of any site.

Import them from :mod:`wagtail_tuidang.blocks`. Each block costs at most two
queries: fetching the chosen page (once for all blocks of that type on a page,
as Wagtail converts a StreamField in bulk) and one read of its own.
"""

import html

from django.middleware.csrf import get_token
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..basepage import search_description
from ..choosers import MixinPageChooserBlock
from ..mirror import mirror_of
from . import tallies
from .choices import Organisation
from .mixins import StatementIndexPageMixin, StatementPageMixin
from .models import Statement
from .wall_tags import route_url

#: Most statements a "latest statements" block may show.
MAX_LATEST = 50
#: Words of a featured page's story shown as its excerpt.
EXCERPT_WORDS = 40


class StatementIndexChooserBlock(MixinPageChooserBlock):
    """Chooses a statement wall: any page type built from
    :class:`~wagtail_tuidang.statements.mixins.StatementIndexPageMixin`."""

    page_mixin = StatementIndexPageMixin


class StatementPageChooserBlock(MixinPageChooserBlock):
    """Chooses a featured statement page (with its photo, in the same query):
    any page type built from
    :class:`~wagtail_tuidang.statements.mixins.StatementPageMixin`."""

    page_mixin = StatementPageMixin
    related = ("photo",)


def _live(page):
    # A draft or unpublished page is not shown, nor anything read through it.
    return page if page is not None and page.live else None


class StatementWallBlock(blocks.StructBlock):
    """Base of the blocks showing something of one statement wall: a heading
    and the chosen index page, as ``index_page`` (None when it is not live)."""

    heading = blocks.CharBlock(required=False, max_length=120, label=_("Heading"))
    page = StatementIndexChooserBlock(label=_("Statement index page"))

    #: What the block shows of its wall, for the CDN's purges (see
    #: :mod:`wagtail_tuidang.cdn.usage`); None: nothing that changes with
    #: the wall's statements.
    cdn_dependency = "wall"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["index_page"] = _live(value.get("page"))
        context["request"] = context.get("request")
        return context

    def get_cdn_dependencies(self, value):
        """``(kind, page id)`` of the wall this block shows, so that a
        statement decision purges the page it is on."""
        page = value.get("page")
        if self.cdn_dependency and page is not None:
            yield self.cdn_dependency, page.pk


class StatementCounterBlock(StatementWallBlock):
    """The running total of a statement wall (its baseline plus tallies),
    optionally per organisation. Reads the cached figures: no query when
    warm, one on a miss."""

    show_organisations = blocks.BooleanBlock(
        required=False, default=True, label=_("Show the totals per organisation")
    )

    class Meta:
        template = "wagtail_tuidang/blocks/statement_counter.html"
        icon = "order"
        label = _("Statement counter")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        index = context["index_page"]
        if index is not None:
            figures = tallies.get_figures(index)
            context["figures"] = figures
            context["organisations"] = [
                (org.label, figures[org.value]) for org in Organisation
            ]
            context["stats_url"] = route_url(index, "stats", request=context["request"])
        return context


class LatestStatementsBlock(StatementWallBlock):
    """The newest published statements of a wall (1 to 50), in one query,
    each shown with the wall's statement card template."""

    count = blocks.IntegerBlock(
        min_value=1, max_value=MAX_LATEST, default=5, label=_("Number of statements")
    )

    #: The template of one statement, with ``statement`` and ``page`` (the
    #: index page): the wall's own card, so a site overriding it changes both.
    card_template = "wagtail_tuidang/statements/_statement.html"

    class Meta:
        template = "wagtail_tuidang/blocks/latest_statements.html"
        icon = "list-ul"
        label = _("Latest statements")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        index = context["index_page"]
        if index is not None:
            context["statements"] = self.get_statements(index, value.get("count"))
            context["card_template"] = self.card_template
            context["index_url"] = route_url(index, "index", request=context["request"])
        return context

    def get_statements(self, index, count):
        """The newest published statements of ``index``; ``count`` is clamped
        to 1..50 whatever the stored value says."""
        try:
            count = min(max(int(count), 1), MAX_LATEST)
        except (TypeError, ValueError):
            count = self.child_blocks["count"].get_default()
        # Contact details are never shown: do not even load them.
        statements = Statement.objects.published().for_page(index).newest_first()
        return list(statements.defer("contact_encrypted")[:count])


class FeaturedStatementBlock(blocks.StructBlock):
    """A featured statement page as a teaser: name, photo, excerpt, link.
    The page and its photo come in one query, the photo's rendition in one."""

    page = StatementPageChooserBlock(label=_("Featured statement page"))

    class Meta:
        template = "wagtail_tuidang/blocks/featured_statement.html"
        icon = "user"
        label = _("Featured statement")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        featured = _live(value.get("page"))
        context["featured"] = featured
        if featured is not None:
            context["excerpt"] = self.get_excerpt(featured)
        return context

    def get_cdn_dependencies(self, value):
        """The featured page: publishing or unpublishing it purges the page
        this block is on."""
        page = value.get("page")
        if page is not None:
            yield "featured", page.pk

    def get_excerpt(self, page):
        """The page's search description, or the start of its story."""
        description = search_description(page)
        if description:
            return description
        text = html.unescape(strip_tags(page.body or ""))
        return Truncator(text).words(EXCERPT_WORDS)


class StatementFormBlock(StatementWallBlock):
    """The statement form of a wall, posting to its ``submit/`` route, with
    the CSRF token and the anti-spam fields. No query of its own.

    The form needs the request, for its CSRF token: a page renders it with
    ``{% include_block %}``, which passes the page's context on. Rendered
    without a request (``{{ page.body }}``, or outside any request), the
    block shows a link to the wall's ``submit/`` page instead, where the
    same form works: a form without a token would be refused with a 403.

    With the form, this is the one block that makes its page carry a CSRF
    token (and a CSRF cookie) and a signed render time: a page showing it
    must not be cached whole, by a CDN or otherwise.
    """

    #: The form changes with no statement decision: its page is private
    #: anyway (it sets the CSRF cookie), and never cached by a CDN.
    cdn_dependency = None

    class Meta:
        template = "wagtail_tuidang/blocks/statement_form.html"
        icon = "form"
        label = _("Statement form")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        index, request = context["index_page"], context["request"]
        if index is None or not index.submissions_open:
            return context
        context["action_url"] = route_url(index, "submit", request=request)
        # No token to send without the request, and no server behind a
        # static mirror: the block links to the wall's form instead.
        if request is None or mirror_of(request):
            return context
        context["form"] = index.get_form_class()(page=index)
        # Blocks render with a plain dict: add the token the page's own
        # context would carry.
        context["csrf_token"] = get_token(request)
        return context


#: Migrations refer to the choosers by their public path.
DECONSTRUCT_ALIASES = {
    cls: f"wagtail_tuidang.blocks.{cls.__name__}"
    for cls in (StatementIndexChooserBlock, StatementPageChooserBlock)
}
