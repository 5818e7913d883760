"""``{% load site_frame %}``: the example site's masthead, navigation and footer.

``{% site_frame as frame %}`` gives the :class:`~home.frame.Frame` of the
request's site in the active language; ``{% frame_links frame "main" %}`` its
main navigation (label, url, is_current) and ``"footer"`` its footer links.
"""

from django import template

from .. import frame as site_frame_module

register = template.Library()


@register.simple_tag(takes_context=True)
def site_frame(context):
    """The frame of the page being rendered."""
    return site_frame_module.frame_for(context.get("request"))


@register.simple_tag(takes_context=True)
def frame_links(context, frame, which):
    """The links of ``frame``'s main navigation or footer."""
    request = context.get("request")
    path = request.path if request is not None else ""
    pairs = (
        site_frame_module.MAIN_LINKS
        if which == "main"
        else site_frame_module.FOOTER_LINKS
    )
    return frame.links(pairs, path)
