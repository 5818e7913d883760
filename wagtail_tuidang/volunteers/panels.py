"""The volunteer's panel on the admin home: the way to the console and how
their last statements fared."""

from wagtail.admin.ui.components import Component

from ..moderation.policy import statement_policy
from ..statements.models import Statement
from .views import MySubmissionsView, status_words

#: Submissions listed on the panel; the rest are one click away.
RECENT = 5


class VolunteerPanel(Component):
    """Links to the console and "My submissions", and the volunteer's last
    statements with their status in words. Shown only to users who may submit
    for callers; two queries whatever the volunteer's history."""

    name = "tuidang_volunteer"
    template_name = "wagtail_tuidang/volunteers/dashboard_panel.html"
    #: Before Wagtail's own panels: for a volunteer this is the admin's purpose.
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        statements = (
            Statement.objects.filter(submitted_by=request.user)
            .only(*MySubmissionsView.FIELDS)
            .order_by("-submitted_at", "-pk")[:RECENT]
        )
        recent = [(statement, status_words(statement)) for statement in statements]
        return {"recent": recent, "request": request}


def add_volunteer_panel(request, panels):
    """``construct_homepage_panels`` hook: add the panel for volunteers."""
    if statement_policy.user_has_permission(request.user, "submit_as_volunteer"):
        panels.append(VolunteerPanel())
