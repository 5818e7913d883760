"""The share settings of each site, cached across requests.

Every plugin page reads its site's ``ShareSettings`` (the share bar and the
page metadata both need them), and Wagtail's ``for_request`` caches them for
one request only: a query on every page view for a row editors change a few
times a year. :func:`share_settings_of` reads them from the cache; the
signals connected by :func:`connect` forget a site's entry whenever its
settings or an image they show are saved or deleted. Without the signals,
an entry is at most :data:`TIMEOUT` seconds out of date.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.images import get_image_model
from wagtail.models import Site

from .. import cache
from .models import ShareSettings

#: Seconds an entry stays cached: the most it can be out of date when the
#: signals are not connected.
TIMEOUT = 60 * 60


def key(site_id):
    """The cache key of the share settings of the site with ``site_id``."""
    return f"wagtail_tuidang:share_settings:{site_id}"


def share_settings_of(site):
    """The saved ``ShareSettings`` of ``site`` (with its images), else their
    defaults, unsaved; ``None`` for no site. Read, never created."""
    if site is None:
        return None
    cached = cache.get(key(site.pk))
    if cached is None:
        # The defaults are cached too: building them costs more than reading.
        found = ShareSettings.base_queryset().filter(site=site).first()
        cached = found or ShareSettings(site=site)
        cache.set(key(site.pk), cached, TIMEOUT)
    cached.site = site  # the request's own Site object, with its root page
    return cached


def forget_site(site_id):
    """Make the next page of the site with ``site_id`` read its settings."""
    cache.delete(key(site_id))


def _forget_now_and_after_commit(site_id):
    # Now, and again once the change is committed: a page read in between
    # would otherwise cache the old settings (for up to TIMEOUT).
    forget_site(site_id)
    transaction.on_commit(lambda: forget_site(site_id))


def _settings_changed(sender, instance, **kwargs):
    _forget_now_and_after_commit(instance.site_id)


def _image_changed(sender, instance, **kwargs):
    # A logo or default image renamed, refocused or deleted (deleting sets
    # the settings' field to NULL without saving them, hence pre_delete).
    for site_id in Site.objects.values_list("pk", flat=True):
        _forget_now_and_after_commit(site_id)


def connect():
    """Forget a site's cached settings whenever they or an image change."""
    uid = "wagtail_tuidang.sharing.settings_cache"
    for signal in (post_save, post_delete):
        signal.connect(_settings_changed, sender=ShareSettings, dispatch_uid=uid)
    try:
        image_model = get_image_model()
    except (ImproperlyConfigured, LookupError):
        # Wagtail's images app is missing: the system checks say so
        # (wagtail_tuidang.E001) instead of the app failing to load.
        return
    for signal in (post_save, pre_delete):
        signal.connect(_image_changed, sender=image_model, dispatch_uid=uid)
