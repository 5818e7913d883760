"""Who may do what in the moderation admin.

The permissions are defined on ``Statement.Meta.permissions`` (plus Django's
``view_statement`` and ``change_statement``); these helpers are the only
place that names them, so that views, bulk actions and the setup command agree.
Views ask through the statement permission policy
(:mod:`wagtail_tuidang.moderation.policy`), which maps its actions to these.

============================  ==================================================
permission                    allows
============================  ==================================================
``view_statement``            the queue, inspecting a statement, its history
``moderate_statement``        the queue, and publish / reject / mark as spam
``change_statement``          correcting a pending statement's wording
``confirm_real_name``         confirming a real name (one of N moderators)
``view_contact``              reading decrypted contact details (each read logged)
``take_down_statement``       taking a published statement down, or redacting
                              part of its text while it stays published
============================  ==================================================
"""

APP_LABEL = "wagtail_tuidang"

VIEW = "view_statement"
MODERATE = "moderate_statement"
CHANGE = "change_statement"
CONFIRM_REAL_NAME = "confirm_real_name"
VIEW_CONTACT = "view_contact"
IMPORT = "import_statements"
EXPORT = "export_statements"
SUBMIT_AS_VOLUNTEER = "submit_as_volunteer"
TAKE_DOWN = "take_down_statement"


def has(user, codename):
    """Whether ``user`` holds ``wagtail_tuidang.<codename>`` (superusers do)."""
    return user.is_active and user.has_perm(f"{APP_LABEL}.{codename}")
