"""Views behind the routes of a statement index page (see ``mixins``)."""

from django.template.response import TemplateResponse


def render_route(request, page, route, context=None, status=200):
    """Render ``route``'s template (from ``page.get_route_template_names``) with
    the page in the context, as Wagtail renders a page."""
    full_context = page.get_context(request)
    full_context["route"] = route
    full_context.update(context or {})
    return TemplateResponse(
        request, page.get_route_template_names(route), full_context, status=status
    )
