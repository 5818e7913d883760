"""Wagtail admin registrations of the workflow task type: its log actions,
and where a reviewer lands after approving in the page editor."""

from django.shortcuts import redirect
from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy

from .log_actions import register_log_actions

hooks.register("register_log_actions", register_log_actions)


@hooks.register("after_edit_page")
def return_reviewers_to_the_dashboard(request, page):
    """After a workflow action in the editor Wagtail returns to the page's
    parent in the explorer. Reviewers hold no page permission (they approve
    through the workflow only), so the explorer would refuse them: send them
    to the dashboard, whose "Awaiting your review" lists their next pages."""
    if "action-workflow-action" not in request.POST or request.GET.get("next"):
        return None
    parent = page.get_parent()
    if PagePermissionPolicy().explorable_instances(request.user).filter(pk=parent.pk):
        return None
    return redirect("wagtailadmin_home")
