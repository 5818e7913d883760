"""The contact view: decrypted contact details, on an explicit request.

Only for users with ``wagtail_tuidang.view_contact``. A GET shows what the
page is for and a button; the details are decrypted and shown only in the
answer to that POST, and each time they are shown an audit entry records who
and when (never the details). No response is cacheable.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..crypto import DecryptionError, PrivateKeyUnavailable, get_cipher
from ..statements.models import Statement
from . import log_actions
from .policy import statement_policy

UNREADABLE = _(
    "These contact details cannot be decrypted with the keys configured now "
    "(WAGTAIL_TUIDANG_CONTACT_KEYS)."
)
ON_ADMIN_HOST = _(
    "This server holds no private key for contact details: contacts can be "
    "read on the admin host."
)


class ContactView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Show one statement's contact details to a user allowed to read them."""

    permission_policy = statement_policy
    permission_required = "view_contact"
    template_name = "wagtail_tuidang/moderation/contact.html"
    page_title = _("Contact details")
    header_icon = "user"
    model = Statement
    index_url_name = None
    inspect_url_name = None

    @cached_property
    def object(self):
        return get_object_or_404(Statement, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        inspect_url = reverse(self.inspect_url_name, args=(quote(self.object.pk),))
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Statements")},
            {"url": inspect_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        return self.private(self.render_to_response(self.get_context_data()))

    def post(self, request, *args, **kwargs):
        context = self.get_context_data()
        if "error" in context:
            return self.private(self.render_to_response(context))
        try:
            context["contact"] = self.reveal()
        except PrivateKeyUnavailable:
            context["error"] = ON_ADMIN_HOST
        except (DecryptionError, ImproperlyConfigured):
            context["error"] = UNREADABLE
        return self.private(self.render_to_response(context))

    def reveal(self):
        """Decrypt the contact details and log that this user read them."""
        if not self.object.has_contact:
            return ""
        contact = get_cipher().decrypt(self.object.contact_encrypted)
        log_actions.log(self.object, log_actions.VIEW_CONTACT, user=self.request.user)
        return contact

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["inspect_url"] = reverse(
            self.inspect_url_name, args=(quote(self.object.pk),)
        )
        if self.object.has_contact and not self.host_can_decrypt():
            # Said before the button is pressed, not after.
            context["error"] = ON_ADMIN_HOST
        return context

    @staticmethod
    def host_can_decrypt():
        """Whether this host's cipher holds a key that can read contacts."""
        try:
            return get_cipher().can_decrypt
        except ImproperlyConfigured:
            return True  # Let the POST report the broken configuration.

    @staticmethod
    def private(response):
        # "no-cache, no-store, must-revalidate, private": kept by no cache.
        add_never_cache_headers(response)
        return response
