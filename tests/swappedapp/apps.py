from django.apps import AppConfig


class SwappedAppConfig(AppConfig):
    """A site whose base page model is its own (Wagtail 8's ``WAGTAIL_PAGE_MODEL``)."""

    name = "tests.swappedapp"
    label = "swappedapp"
    default_auto_field = "django.db.models.BigAutoField"
