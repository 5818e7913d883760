"""The example site's URLs without language prefixes, for
tests/settings_locales.py: translated pages served at one address each
language shares (the language from the request), as a site without
``i18n_patterns`` has them. ``example_site.urls`` would add the prefixes
there, since that settings module enables Wagtail's localisation."""

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
    path("", include(wagtail_urls)),
]
