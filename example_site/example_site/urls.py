from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from .api import api_router

# The admin, documents and the sitemap have one address whatever the language.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    # Wagtail's read API: pages, and wagtail-tuidang's published statements.
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The 404 page works without the database: see home.views.page_not_found.
handler404 = "home.views.page_not_found"

# wagtail-tuidang's public pages are Wagtail pages: no URL of their own here.
# With Wagtail's localisation each language has its own addresses, the
# default language too (/zh-hans/…, /zh-hant/…, /en/…): "/" redirects to the
# visitor's language, and no address shows different languages to different
# people, so a cache or CDN keeps one copy per URL.
if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
    urlpatterns += i18n_patterns(
        path("", include(wagtail_urls)), prefix_default_language=True
    )
else:
    urlpatterns += [path("", include(wagtail_urls))]
