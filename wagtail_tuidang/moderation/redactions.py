"""Redacting a published statement: removing words (a phone number, an
address) while it stays published.

A redaction only removes: the moderator names the exact words, and each
occurrence is replaced by :data:`MARK`. Nothing can be added this way, so a
redaction publishes no words of the moderator's own and needs no second
reader; anything more is a takedown. The audit entry holds the field's name
only, never the words removed, and the CDN's copies of the wall, feeds,
stats and permalink are purged as after a publication.
"""

from django.contrib.admin.utils import quote
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..statements import purge
from ..statements.choices import Status
from ..statements.models import Statement
from . import log_actions
from .corrections import derived_changes
from .decisions import DecisionRefused
from .forms import RedactForm
from .inspect import DecisionView
from .policy import statement_policy

#: What stands where words were removed.
MARK = "[…]"


def redact(statement, field_name, passage, user):
    """Replace every occurrence of ``passage`` in ``field_name`` of the
    published ``statement`` by :data:`MARK`, under the row lock; log the
    field's name and purge the cached pages once committed. Raises
    DecisionRefused saying why nothing was changed. Returns the statement."""
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        if locked.status != Status.PUBLISHED:
            raise DecisionRefused(
                _(
                    "Only a published statement is redacted; correct a pending "
                    "statement instead."
                )
            )
        field = Statement._meta.get_field(field_name)
        value = getattr(locked, field_name)
        if not passage or passage not in value:
            raise DecisionRefused(
                _("These words are not in the %(field)s: copy them exactly.")
                % {"field": field.verbose_name}
            )
        redacted = value.replace(passage, MARK)
        if field.max_length and len(redacted) > field.max_length:
            # Only when a passage shorter than the mark is removed many times.
            raise DecisionRefused(
                _("The %(field)s would grow too long: remove a longer passage.")
                % {"field": field.verbose_name}
            )
        setattr(locked, field_name, redacted)
        update_fields = [field_name, *derived_changes(locked, [field_name])]
        locked.save(update_fields=update_fields)
        log_actions.log(locked, log_actions.REDACT, user=user, fields=[field_name])
        transaction.on_commit(
            lambda: purge.schedule_purge([locked]),
            robust=True,
        )
    for name in update_fields:
        setattr(statement, name, getattr(locked, name))
    return statement


class RedactView(PermissionCheckedMixin, View):
    """Redact one published statement (a POST from the inspect view); the
    moderator returns to the statement with a message either way."""

    http_method_names = ["post"]
    permission_policy = statement_policy
    permission_required = "take_down"
    inspect_url_name = None
    success_message = _("The words were removed from the published statement.")

    def post(self, request, pk):
        statement = get_object_or_404(Statement, pk=pk)
        form = RedactForm(request.POST)
        if not form.is_valid():
            messages.error(request, DecisionView.invalid_message(form))
            return self.back_to(statement)
        try:
            redact(
                statement,
                form.cleaned_data["field"],
                form.cleaned_data["passage"],
                request.user,
            )
        except DecisionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, self.success_message)
        return self.back_to(statement)

    def back_to(self, statement):
        return redirect(self.inspect_url_name, quote(statement.pk))
