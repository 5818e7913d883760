"""The example site's URLs as the localised demo has them (``/zh-hans/…``,
``/zh-hant/…``, ``/en/…``): tests/settings.py switches localisation off, so
``example_site.urls`` is built without language prefixes there."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls

from example_site.urls import handler404
from example_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    *site_urlpatterns[:-1],
    *i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True),
]

__all__ = ["handler404", "urlpatterns"]
