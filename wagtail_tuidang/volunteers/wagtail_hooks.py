"""Admin URLs and menu item of the volunteer console."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .views import can_submit


class VolunteerMenuItem(MenuItem):
    """Shown only to users who may submit statements for callers."""

    def is_shown(self, request):
        return can_submit(request.user)


@hooks.register("register_admin_urls")
def register_volunteer_urls():
    return [path("tuidang/volunteer/", include(urls, namespace=urls.app_name))]


@hooks.register("register_admin_menu_item")
def register_volunteer_menu_item():
    return VolunteerMenuItem(
        _("Volunteer console"),
        reverse_lazy("wagtail_tuidang_volunteers:console"),
        name="tuidang-volunteer",
        icon_name="user",
        order=310,
    )
