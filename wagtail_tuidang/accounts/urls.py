from django.urls import path

from . import views

app_name = "wagtail_tuidang_accounts"
urlpatterns = [
    path("enrol/", views.EnrolView.as_view(), name="enrol"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
]
