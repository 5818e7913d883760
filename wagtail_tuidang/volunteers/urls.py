"""Admin URLs of the volunteer console (under ``/admin/tuidang/volunteer/``)."""

from django.urls import path

from . import views

app_name = "wagtail_tuidang_volunteers"
urlpatterns = [
    path("", views.ConsoleView.as_view(), name="console"),
    path("alias/", views.AliasView.as_view(), name="alias"),
    path("slip/", views.SlipView.as_view(), name="slip"),
    path("mine/", views.MySubmissionsView.as_view(), name="mine"),
]
