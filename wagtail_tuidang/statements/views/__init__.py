"""Views behind the routes of a statement index page (see ``mixins``)."""

from django.template.response import TemplateResponse

from ...layout.head import CONTEXT_NAME, set_robots_header


def render_route(request, page, route, context=None, status=200):
    """Render ``route``'s template (from ``page.get_route_template_names``) with
    the page in the context, as Wagtail renders a page. A route its page
    marks ``noindex`` also says so in an ``X-Robots-Tag`` header.

    The header is set once the template has rendered, from the head
    ``{% tuidang_head %}`` described for it (the page's ``get_tuidang_head``
    runs once per response, not twice); a base template without the tag has
    it described then."""
    full_context = page.get_context(request)
    full_context["route"] = route
    full_context.update(context or {})
    response = TemplateResponse(
        request, page.get_route_template_names(route), full_context, status=status
    )

    def robots_header(response):
        layout = full_context.get(CONTEXT_NAME)
        head = getattr(layout, "head", None)
        if head is None:
            head = page.get_tuidang_head(full_context)
        set_robots_header(response, head)

    response.add_post_render_callback(robots_header)
    return response
