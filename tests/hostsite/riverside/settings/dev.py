from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "riverside-development-key-not-for-production-0123456789"
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
