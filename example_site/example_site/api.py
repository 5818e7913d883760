"""The example site's read API (Wagtail's API v2): its pages, and the
published statements of wagtail-tuidang (docs/reference/api.md)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from wagtail_tuidang.statements.api import StatementsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("statements", StatementsAPIViewSet)
