"""URLs of booth mode, below the volunteer console's (``booth/``)."""

from django.urls import path

from . import booth

urlpatterns = [
    path("", booth.BoothView.as_view(), name="booth"),
    path("sw.js", booth.BoothWorkerView.as_view(), name="booth_worker"),
    path(
        "manifest.webmanifest",
        booth.BoothManifestView.as_view(),
        name="booth_manifest",
    ),
    path("token/", booth.BoothTokenView.as_view(), name="booth_token"),
    path("entries/", booth.BoothEntryView.as_view(), name="booth_entries"),
]
