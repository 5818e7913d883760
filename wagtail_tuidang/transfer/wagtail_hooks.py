"""Admin URLs and menu items of imports and exports."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from ..moderation.policy import PolicyMenuItem
from . import urls


@hooks.register("register_admin_urls")
def register_transfer_urls():
    return [path("tuidang/transfer/", include(urls, namespace=urls.app_name))]


@hooks.register("register_settings_menu_item")
def register_export_menu_item():
    return PolicyMenuItem(
        _("Export statements"),
        reverse_lazy("wagtail_tuidang_transfer:export"),
        name="tuidang-export",
        icon_name="download",
        order=910,
        action="export",
    )


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return PolicyMenuItem(
        _("Import statements"),
        reverse_lazy("wagtail_tuidang_transfer:import"),
        name="tuidang-import",
        icon_name="upload",
        order=911,
        action="import",
    )
