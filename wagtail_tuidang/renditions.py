"""Renditions for many images at once, from Wagtail's rendition cache first.

``{% image %}`` on an image looks its rendition up in the cache, then in the
database, one image at a time. :func:`fetch_renditions` does it for every
image a page shows before the template runs: one ``get_many`` on the
rendition cache for all of them, and one query for whatever the cache lacks.
A page whose renditions are cached (the steady state: Wagtail caches each
rendition it finds or makes) then costs no query for its images at all.
"""

from collections import defaultdict
from functools import lru_cache

from django.db.models import Q
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError
from wagtail.images.shortcuts import get_rendition_or_not_found

from . import cache as forgiving


def fetch_renditions(wanted):
    """Give each image of ``wanted`` (pairs of an image, or ``None``, and the
    filter specs a template will ask of it) the renditions of those specs
    that exist, so that ``{% image %}`` finds them without a query.

    Renditions come from Wagtail's rendition cache, then from the database
    in one query for all images, and are cached as Wagtail caches them. One
    never made before is made by the template as usual.
    """
    rendition_model = get_image_model().get_rendition_model()
    # One cache key may stand for several image objects (the same image
    # shown twice, say as a hero image and in a related card).
    wanted_by_key = defaultdict(list)
    for image, specs in wanted:
        if image is None or image.pk is None:
            continue
        for spec in specs:
            image_filter = image.clean_filter_for_svg(Filter(spec=spec))
            focal_point_key = image_filter.get_cache_key(image)
            key = rendition_model.construct_cache_key(
                image, focal_point_key, image_filter.spec
            )
            wanted_by_key[key].append((image, image_filter.spec, focal_point_key))
    if not wanted_by_key:
        return

    cache = rendition_model.cache_backend
    found = forgiving.get_many(list(wanted_by_key), using=cache)
    missing = {
        _identity(*wanted_by_key[key][0]): key
        for key in wanted_by_key
        if key not in found
    }
    if missing:
        condition = Q()
        for image_id, spec, focal_point_key in missing:
            condition |= Q(
                image_id=image_id, filter_spec=spec, focal_point_key=focal_point_key
            )
        from_database = {
            missing[(r.image_id, r.filter_spec, r.focal_point_key)]: r
            for r in rendition_model.objects.filter(condition)
        }
        forgiving.set_many(from_database, using=cache)
        found.update(from_database)

    for key, rendition in found.items():
        for image, _spec, _focal_point_key in wanted_by_key[key]:
            _remember(image, rendition)


def _identity(image, spec, focal_point_key):
    return image.pk, spec, focal_point_key


def _remember(image, rendition):
    """Make ``rendition`` one of ``image``'s prefetched renditions, where
    Wagtail's ``get_rendition`` looks first."""
    if "renditions" in getattr(image, "_prefetched_objects_cache", {}):
        prefetched = image._prefetched_objects_cache["renditions"]._result_cache
    else:
        prefetched = image.__dict__.setdefault("prefetched_renditions", [])
    if any(
        known.filter_spec == rendition.filter_spec
        and known.focal_point_key == rendition.focal_point_key
        for known in prefetched
    ):
        return
    rendition.image = image  # as Wagtail ties a rendition read from its cache
    rendition._from_cache = True  # so that Wagtail does not write it back
    prefetched.append(rendition)


@lru_cache(maxsize=256)
def _filter(spec):
    # A Filter parses its spec on first use and keeps the operations: one
    # per spec serves every image (the focal point is read per image).
    return Filter(spec=spec)


def rendition(image, spec):
    """The rendition of ``image`` for the filter ``spec``, as ``{% image %}``
    finds or makes it, a broken image's when the file is missing: without
    parsing the spec again, and without writing a rendition read from the
    prefetched ones (see :func:`fetch_renditions`) back to the cache, as
    ``Image.get_rendition`` does on every call."""
    try:
        return next(iter(image.get_renditions(_filter(spec)).values()))
    except SourceImageIOError:
        return get_rendition_or_not_found(image, spec)
