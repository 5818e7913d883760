from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from wagtail import hooks

from . import urls


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("two-factor/", include(urls, namespace=urls.app_name))]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    if user_has_device(request.user, confirmed=True):
        return None
    return {
        "url": reverse("wagtail_tuidang_accounts:enrol"),
        "label": _("Set up two-factor authentication"),
        "help_text": _(
            "Ask for a code from an authenticator app each time you sign in."
        ),
    }
