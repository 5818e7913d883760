from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """Page types built from the mixins, as a site with its own base page would."""

    name = "tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"
