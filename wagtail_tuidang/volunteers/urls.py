"""Admin URLs of the volunteer console (under ``/admin/tuidang/volunteer/``)."""

from django.urls import include, path

from . import booth_urls, sheet_views, views

app_name = "wagtail_tuidang_volunteers"
urlpatterns = [
    path("", views.ConsoleView.as_view(), name="console"),
    path("sheet/", sheet_views.SheetView.as_view(), name="sheet"),
    path("alias/", views.AliasView.as_view(), name="alias"),
    path("slip/", views.SlipView.as_view(), name="slip"),
    path("mine/", views.MySubmissionsView.as_view(), name="mine"),
    path(
        "certificate/<str:public_id>/",
        views.CertificateView.as_view(),
        name="certificate",
    ),
    path("booth/", include(booth_urls)),
]
