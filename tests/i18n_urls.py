"""The example site's URLs as the localised demo has them (``/zh-hans/…``,
``/zh-hant/…``, ``/en/…``). tests/settings.py switches localisation off, so
``example_site.urls`` has no language prefixes in the tests; it is not
imported here, as it reads the setting when first imported."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

handler404 = "home.views.page_not_found"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    *i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True),
]
