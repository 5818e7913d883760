"""The permission policy Wagtail's generic views consult for statements."""

from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from ..statements.models import Statement
from . import permissions


class StatementPermissionPolicy(ModelPermissionPolicy):
    """Maps the generic views' actions to the moderation permissions.

    "view" opens the queue, inspect and history views; "change" the
    correction form; "import", "export" and "submit_as_volunteer" the
    transfer views and the volunteer console; "take_down" taking down and
    redacting published statements; "add" and "delete" are never
    allowed, for anyone: statements leave the queue only through decisions.
    """

    #: Each action, and the permissions any one of which allows it.
    actions = {
        "view": (permissions.VIEW, permissions.MODERATE),
        "change": (permissions.CHANGE,),
        "moderate": (permissions.MODERATE,),
        "confirm_real_name": (permissions.CONFIRM_REAL_NAME,),
        "view_contact": (permissions.VIEW_CONTACT,),
        "import": (permissions.IMPORT,),
        "export": (permissions.EXPORT,),
        "submit_as_volunteer": (permissions.SUBMIT_AS_VOLUNTEER,),
        "take_down": (permissions.TAKE_DOWN,),
    }

    def user_has_permission(self, user, action):
        return any(
            permissions.has(user, codename) for codename in self.actions.get(action, ())
        )


statement_policy = StatementPermissionPolicy(Statement)


class PolicyMenuItem(MenuItem):
    """An admin menu item shown only to users the statement policy allows
    ``action``, so that menus and views answer "who may" alike."""

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def is_shown(self, request):
        return statement_policy.user_has_permission(request.user, self.action)


def register_policy():
    """Register the policy with Wagtail's registry (Wagtail 8.0+; older
    versions take it from the viewset's ``permission_policy``)."""
    try:
        from wagtail.permissions import register_permission_policy
    except ImportError:
        return
    register_permission_policy(Statement, statement_policy)
