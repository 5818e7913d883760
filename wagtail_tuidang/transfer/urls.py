"""Admin URLs of imports and exports (under ``/admin/tuidang/transfer/``)."""

from django.urls import path

from . import views

app_name = "wagtail_tuidang_transfer"
urlpatterns = [
    path("export/", views.ExportView.as_view(), name="export"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<str:job_id>/", views.ProgressView.as_view(), name="progress"),
    path(
        "import/<str:job_id>/rejected.csv",
        views.RejectedRowsView.as_view(),
        name="rejected",
    ),
]
