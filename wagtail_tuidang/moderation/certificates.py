"""The certificate of a published statement, printed from the admin: a
volunteer or moderator prints it for a caller who has no printer, or no
safe way to keep one.

It is the same document the submitter reaches from the receipt page
(:mod:`wagtail_tuidang.statements.certificates`), with the public name
only, and each print is recorded in the audit log (who and when, never
the name).
"""

from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import View
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..statements.certificates import render_certificate
from ..statements.models import Statement
from . import log_actions
from .policy import statement_policy


class CertificateView(PermissionCheckedMixin, View):
    """The printable certificate of one published statement; anything not
    published is a 404."""

    permission_policy = statement_policy
    any_permission_required = ["view", "moderate"]
    inspect_url_name = None
    http_method_names = ["get", "head"]

    def get(self, request, pk):
        statement = get_object_or_404(
            Statement.objects.published()
            .select_related("index_page")
            .defer("contact_encrypted"),
            pk=pk,
        )
        back = reverse(self.inspect_url_name, args=(quote(statement.pk),))
        response = render_certificate(
            request, statement.index_page.specific, statement, back_url=back
        )
        log_actions.log(statement, log_actions.PRINT_CERTIFICATE, user=request.user)
        add_never_cache_headers(response)
        return response
