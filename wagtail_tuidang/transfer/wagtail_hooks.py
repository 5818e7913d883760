"""Admin URLs and menu items of imports and exports."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .views import can_export, can_import


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users passing ``check``."""

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


@hooks.register("register_admin_urls")
def register_transfer_urls():
    return [path("tuidang/transfer/", include(urls, namespace=urls.app_name))]


@hooks.register("register_settings_menu_item")
def register_export_menu_item():
    return PermissionMenuItem(
        _("Export statements"),
        reverse_lazy("wagtail_tuidang_transfer:export"),
        name="tuidang-export",
        icon_name="download",
        order=910,
        check=can_export,
    )


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("Import statements"),
        reverse_lazy("wagtail_tuidang_transfer:import"),
        name="tuidang-import",
        icon_name="upload",
        order=911,
        check=can_import,
    )
