from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailTuidangPagesAppConfig(AppConfig):
    name = "wagtail_tuidang.pages"
    label = "wagtail_tuidang_pages"
    verbose_name = _("Tuidang pages")
    default_auto_field = "django.db.models.BigAutoField"
