"""Enrol an authenticator app, and confirm a sign-in with its code.

Both pages stand outside the admin's menus: a person who has not confirmed
their sign-in must see nothing of the admin, not even the sidebar.
"""

from base64 import b32encode

import segno
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import TokenForm

ENROL = "wagtail_tuidang_accounts:enrol"
#: Set by the middleware; see ``TwoFactorMiddleware.has_device``.
NO_DEVICE_SESSION_KEY = "wagtail_tuidang_no_otp_device"
VERIFY = "wagtail_tuidang_accounts:verify"


def safe_next(request):
    """Where to go once verified: ``next`` if it stays on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


@method_decorator([never_cache, sensitive_post_parameters("token")], name="dispatch")
class TokenView(FormView):
    """A page asking for a one-time code; never cached, as it may show a
    secret."""

    form_class = TokenForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next(self.request), **kwargs)

    def verified(self, device):
        """Mark this session as confirmed by ``device``, then go on."""
        otp_login(self.request, device)
        return redirect(safe_next(self.request))


class EnrolView(TokenView):
    """Show a new TOTP secret (as a QR code drawn here, and as text) and
    confirm it with a first code."""

    template_name = "wagtail_tuidang/accounts/enrol.html"

    def dispatch(self, request, *args, **kwargs):
        # Once a device is confirmed, only a code from it lets a person in:
        # a stolen password must not be able to add the thief's device.
        if user_has_device(request.user, confirmed=True):
            return redirect(f"{reverse(VERIFY)}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get_device(self):
        """The person's unconfirmed device, made on their first visit so the
        secret stays the same while they set up their app."""
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False)
        return device.first() or TOTPDevice.objects.create(
            user=self.request.user, name="authenticator", confirmed=False
        )

    def get_context_data(self, **kwargs):
        device = self.get_device()
        secret = b32encode(device.bin_key).decode()
        qr = segno.make(device.config_url, error="m")
        return super().get_context_data(
            # segno writes the SVG itself from the URL: nothing to escape.
            qr_svg=mark_safe(qr.svg_inline(scale=4, dark="#000", light="#fff")),  # noqa: S308
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            **kwargs,
        )

    def form_valid(self, form):
        device, error = check_code([self.get_device()], form.cleaned_data["token"])
        if error:
            form.add_error("token", error)
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        self.request.session.pop(NO_DEVICE_SESSION_KEY, None)
        messages.success(
            self.request, _("Two-factor authentication is on for your account.")
        )
        return self.verified(device)


class VerifyView(TokenView):
    """Ask a person with a confirmed device for its current code."""

    template_name = "wagtail_tuidang/accounts/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if not user_has_device(request.user, confirmed=True):
            return redirect(f"{reverse(ENROL)}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        # django-otp locks the devices it checks (a reused or concurrent code
        # is refused), which needs a transaction.
        with transaction.atomic():
            devices = devices_for_user(self.request.user, for_verify=True)
            device, error = check_code(devices, form.cleaned_data["token"])
        if error:
            form.add_error("token", error)
            return self.form_invalid(form)
        return self.verified(device)


def check_code(devices, token):
    """``(device, None)`` for the device that accepts ``token``, else
    ``(None, why)``. django-otp makes a device wait longer after each wrong
    code, so guessing the six digits takes more than a lifetime."""
    open_devices = [device for device in devices if device.verify_is_allowed()[0]]
    if not open_devices:
        return None, _(
            "Too many wrong codes in a row. Wait a little, then enter the code "
            "shown now."
        )
    for device in open_devices:
        if device.verify_token(token):
            return device, None
    return None, _("That code is not right or has expired. Enter the code shown now.")
