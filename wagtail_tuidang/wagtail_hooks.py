"""Wagtail admin registrations of wagtail_tuidang (logic lives in the feature
modules; this file only registers it)."""

from wagtail import hooks

from .moderation import ADMIN_NAMESPACE
from .moderation.bulk_actions import BULK_ACTIONS
from .moderation.flood_alerts import add_flood_alert_panel
from .moderation.log_actions import register_log_actions
from .moderation.policy import register_policy
from .moderation.views import get_statement_viewset_class
from .retention import register_log_actions as register_retention_log_actions


@hooks.register("register_admin_viewset")
def register_statement_viewset():
    register_policy()
    viewset_class = get_statement_viewset_class()
    return viewset_class(ADMIN_NAMESPACE, url_prefix="tuidang/statements")


for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)

hooks.register("register_log_actions", register_log_actions)
hooks.register("construct_homepage_panels", add_flood_alert_panel)
hooks.register("register_log_actions", register_retention_log_actions)
from .transfer import wagtail_hooks as transfer_hooks  # noqa: E402, F401
from .volunteers import wagtail_hooks as volunteers_hooks  # noqa: E402, F401
from .workflows import wagtail_hooks as workflows_hooks  # noqa: E402, F401
