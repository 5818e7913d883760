"""``ShareButtonsBlock``: the share bar in any StreamField."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from . import buttons


class ShareButtonsBlock(blocks.StructBlock):
    """The site's share buttons for the page being shown, as configured under
    Settings → Sharing and metadata; the same bar as ``{% share_buttons %}``."""

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
            context["share_url"] = ""
            return context
        context.update(buttons.share_bar_context(page, request))
        context["heading"] = value.get("heading")
        context["include_assets"] = buttons.first_bar_on_request(request)
        return context
