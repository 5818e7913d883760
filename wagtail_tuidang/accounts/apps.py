from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Login throttling and two-factor authentication for staff."""

    name = "wagtail_tuidang.accounts"
    label = "wagtail_tuidang_accounts"
    verbose_name = _("Tuidang staff accounts")
    default_auto_field = "django.db.models.BigAutoField"
