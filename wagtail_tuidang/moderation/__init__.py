"""Moderation in the Wagtail admin: the review queue, bulk decisions, real-name
confirmations, contact viewing, the audit log, moderator digests and the
groups and workflow created by ``tuidang_setup``.

Every status change still goes through
:mod:`wagtail_tuidang.statements.transitions`.
"""

#: URL namespace of the moderation queue's admin views.
ADMIN_NAMESPACE = "wagtail_tuidang_statements"
