"""Views behind the routes of a statement index page (see ``mixins``)."""

from django.template.response import TemplateResponse

from ...layout.head import set_robots_header


def render_route(request, page, route, context=None, status=200):
    """Render ``route``'s template (from ``page.get_route_template_names``) with
    the page in the context, as Wagtail renders a page. A route its page
    marks ``noindex`` also says so in an ``X-Robots-Tag`` header."""
    full_context = page.get_context(request)
    full_context["route"] = route
    full_context.update(context or {})
    response = TemplateResponse(
        request, page.get_route_template_names(route), full_context, status=status
    )
    return set_robots_header(response, page.get_tuidang_head(full_context))
