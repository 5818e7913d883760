"""Keep a person out of the admin until they have confirmed their sign-in."""

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django_otp import user_has_device
from django_otp.middleware import OTPMiddleware

from ..headers import admin_prefixes
from .policy import requires_two_factor
from .views import ENROL, NO_DEVICE_SESSION_KEY, VERIFY

#: Admin views a person reaches before confirming: signing in and out, the
#: two pages of this app, and the static helpers those pages load.
OPEN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    ENROL,
    VERIFY,
}


#: URL names of the admins this middleware guards, when the site has them.
class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``), which also
    sends a person who must confirm their sign-in, or who has enrolled a
    device, to the code page before any admin view.

    Put it right after ``AuthenticationMiddleware``, in place of
    ``django_otp.middleware.OTPMiddleware``.
    """

    sync_capable = True
    async_capable = False

    def __call__(self, request):
        self._install_lazy_accessors(request)
        return self.check_verified(request) or self.get_response(request)

    def check_verified(self, request):
        """A redirect to the enrolment or code page, or ``None`` to go on."""
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not self.is_guarded(request):
            return None
        has_device = self.has_device(request, user)
        if not has_device and not requires_two_factor(user):
            return None
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(VERIFY if has_device else ENROL)}?{query}")

    def has_device(self, request, user):
        """Whether ``user`` has a confirmed device. A "no" is remembered for
        the session, so an admin page costs no extra query for the many who
        never enrol; a "yes" is asked only until the code is entered."""
        if request.session.get(NO_DEVICE_SESSION_KEY) == user.pk:
            return False
        has_device = user_has_device(user, confirmed=True)
        if not has_device:
            request.session[NO_DEVICE_SESSION_KEY] = user.pk
        return has_device

    def is_guarded(self, request):
        """Whether ``request`` is for an admin view other than
        :data:`OPEN_VIEWS`. ``reverse()`` gives the prefixes with the script
        prefix of a site served below a path, as ``request.path`` has it."""
        if not any(request.path.startswith(root) for root in admin_prefixes()):
            return False
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            return True
        return view_name not in OPEN_VIEWS
