"""``ShareButtonsBlock``: the share bar in any StreamField."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..layout.head import CONTEXT_NAME
from . import buttons


class ShareButtonsBlock(blocks.StructBlock):
    """The site's share buttons for the page being shown, as configured under
    Settings → Sharing and metadata; the same bar as ``{% share_buttons %}``.

    The page comes from the context ``{% include_block %}`` passes on. A
    StreamField rendered with ``{{ page.body }}`` passes none, and nothing
    else tells a block which page it is on: the bar then shares the home page
    of the default site, under the heading "Share this website", rather than
    a wrong page or nothing at all.
    """

    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=80,
        help_text=_("Optional, e.g. “Share this article”."),
    )

    class Meta:
        icon = "link"
        label = _("Share buttons")
        template = buttons.TEMPLATE

    def get_context(self, value, parent_context=None):
        """Build the bar from the ``page`` and ``request`` of the page's context."""
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        page = parent_context.get("page")
        request = parent_context.get("request")
        if page is None:
            context.update(self.get_site_bar_context())
        else:
            context.update(buttons.share_bar_context(page, request))
            context["heading"] = value.get("heading")
        layout = parent_context.get(CONTEXT_NAME)
        context["include_assets"] = buttons.include_assets(request, layout)
        return context

    def get_site_bar_context(self):
        """The bar shown when the page is unknown: the default site's home
        page, under a heading saying so. Override this to share another page."""
        site = buttons.default_site()
        if site is None:
            return {"share_url": "", "buttons": []}
        bar = buttons.share_bar_context(site.root_page, title=site.site_name or None)
        bar["heading"] = _("Share this website")
        bar["shares_site"] = True
        return bar
