from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailTuidangAppConfig(AppConfig):
    name = "wagtail_tuidang"
    label = "wagtail_tuidang"
    verbose_name = _("Tuidang")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .articles import signals as article_signals
        from .cdn import signals as cdn_signals
        from .layout import checks as layout_checks  # noqa: F401
        from .moderation import signals  # noqa: F401  (audit log and digests)
        from .sharing import settings_cache
        from .statements import erasure  # noqa: F401  (unconsented real names)

        article_signals.connect()
        cdn_signals.connect()
        settings_cache.connect()
