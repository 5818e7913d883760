"""Admin URLs of imports and exports (under ``/admin/tuidang/transfer/``)."""

from django.urls import path

from . import views

app_name = "wagtail_tuidang_transfer"
urlpatterns = [
    path("export/", views.ExportView.as_view(), name="export"),
]
