from django.apps import AppConfig


class SubmitBenchConfig(AppConfig):
    name = "submit_bench"
    label = "submit_bench"
    verbose_name = "Submission benchmark"
    default_auto_field = "django.db.models.BigAutoField"
