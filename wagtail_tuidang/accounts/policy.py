"""Who must confirm their sign-in with a one-time code.

``WAGTAIL_TUIDANG_REQUIRE_2FA`` decides:

* ``False`` (the default): nobody is made to, though a person who enrolled
  an authenticator app of their own accord always confirms with it;
* ``True``: everyone holding one of :data:`SENSITIVE_PERMISSIONS`;
* ``"all"``: everyone who can open the Wagtail admin;
* a list of ``"app_label.codename"`` permissions: everyone holding one.
"""

from ..conf import get_setting

#: The permissions that reach submitters' private data: decrypted contact
#: details, real names, and exports (which may carry contacts).
SENSITIVE_PERMISSIONS = (
    "wagtail_tuidang.view_contact",
    "wagtail_tuidang.confirm_real_name",
    "wagtail_tuidang.export_statements",
)
ALL_STAFF = "all"


def required_permissions():
    """The permissions whose holders need a second factor, or ``None`` when
    every admin user does."""
    value = get_setting("REQUIRE_2FA")
    if value == ALL_STAFF:
        return None
    if value is True:
        return SENSITIVE_PERMISSIONS
    if not value:
        return ()
    return tuple(value)


def requires_two_factor(user):
    """Whether ``user`` must confirm a one-time code before using the admin."""
    if not (user.is_authenticated and user.is_active):
        return False
    permissions = required_permissions()
    if permissions is None:
        return True
    return any(user.has_perm(permission) for permission in permissions)
