"""Possible duplicates a moderator can act on.

A statement is flagged as a possible duplicate when its wall already has
one with the same duplicate fingerprint (the folded name and the region,
``statements.text.fingerprint``). The inspect view shows those statements
side by side with it, and "mark as duplicate of…" rejects it with the
"duplicate" reason for the submitter, a note naming the original for
moderators, and an audit entry that links the two.
"""

from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.models import ModelLogEntry

from ..statements.models import Statement
from . import decisions, log_actions
from .policy import statement_policy

#: Statements shown beside a possible duplicate, oldest first.
MAX_MATCHES = 5


def matched_statements(statement, limit=MAX_MATCHES):
    """The other statements of ``statement``'s wall with its fingerprint,
    oldest first: what its duplicate flag is about."""
    if not statement.fingerprint:
        return []
    return list(
        Statement.objects.filter(
            index_page_id=statement.index_page_id,
            fingerprint=statement.fingerprint,
        )
        .exclude(pk=statement.pk)
        .order_by("submitted_at", "pk")[:limit]
    )


def duplicate_of(statement):
    """The id of the statement ``statement`` was rejected as a duplicate
    of, from its audit log, or ``None``."""
    entry = (
        ModelLogEntry.objects.for_instance(statement)
        .filter(action=log_actions.MARK_DUPLICATE)
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry and (entry.data or {}).get("duplicate_of")


def mark_duplicate(statement, original, user):
    """Reject ``statement`` as a duplicate of ``original`` as ``user``;
    returns the refusal's message, or ``None`` once done and logged."""
    if original.pk == statement.pk:
        return str(_("A statement cannot duplicate itself."))
    outcome = decisions.reject_as_duplicate(statement, original, user)
    if outcome.refused:
        return str(outcome.refused[0][1])
    log_actions.log(
        statement, log_actions.MARK_DUPLICATE, user=user, duplicate_of=original.pk
    )
    return None


class MarkDuplicateView(PermissionCheckedMixin, View):
    """Reject one statement as a duplicate of another (a POST from the
    inspect view's side-by-side comparison)."""

    http_method_names = ["post"]
    permission_policy = statement_policy
    permission_required = "moderate"
    inspect_url_name = None

    def post(self, request, pk, original):
        statement = get_object_or_404(Statement, pk=pk)
        original = get_object_or_404(Statement, pk=original)
        refusal = mark_duplicate(statement, original, request.user)
        if refusal:
            messages.error(
                request, _("Nothing was changed: %(reason)s") % {"reason": refusal}
            )
        else:
            messages.success(
                request,
                _("Statement #%(id)s rejected as a duplicate of #%(original)s.")
                % {"id": statement.pk, "original": original.pk},
            )
        return redirect(self.inspect_url_name, quote(statement.pk))
