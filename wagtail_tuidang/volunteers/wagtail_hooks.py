"""Admin URLs, menu item and home panel of the volunteer console."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from ..moderation.policy import PolicyMenuItem
from . import urls
from .panels import add_volunteer_panel


@hooks.register("register_admin_urls")
def register_volunteer_urls():
    return [path("tuidang/volunteer/", include(urls, namespace=urls.app_name))]


@hooks.register("register_admin_menu_item")
def register_volunteer_menu_item():
    return PolicyMenuItem(
        _("Volunteer console"),
        reverse_lazy("wagtail_tuidang_volunteers:console"),
        name="tuidang-volunteer",
        icon_name="user",
        order=310,
        action="submit_as_volunteer",
    )


hooks.register("construct_homepage_panels", add_volunteer_panel)


@hooks.register("register_admin_menu_item")
def register_booth_menu_item():
    return PolicyMenuItem(
        _("Booth mode (offline)"),
        reverse_lazy("wagtail_tuidang_volunteers:booth"),
        name="tuidang-booth",
        icon_name="mobile-alt",
        order=311,
        action="submit_as_volunteer",
    )
