"""Query pieces shared by the index, the feeds, the blocks and related posts.

Each returns a queryset (or a condition) to compose, never a list, so that a
listing stays one SQL statement whatever it combines.
"""

import swapper
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Coalesce, Length, Substr
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

#: Renditions of the small image beside an article in lists; keep in step
#: with ``_article_card.html``.
THUMBNAIL_SPECS = ("fill-480x270",)


def restricted(path="path"):
    """True for a page (whose tree path is the field ``path``) with a view
    restriction on itself or an ancestor: private, not public.

    Wagtail's ``PageQuerySet.public()`` first reads every restriction of the
    site, which costs a query of its own; this is a subquery of the listing's.
    """
    prefix = Substr(OuterRef(path), 1, Length("page__path"))
    return Exists(PageViewRestriction.objects.filter(page__path=prefix))


def live_and_public(queryset):
    """The live pages of ``queryset`` that anyone may see."""
    return queryset.filter(live=True).exclude(restricted())


def filter_by_tag(queryset, tag):
    """Pages of ``queryset`` tagged ``tag`` (a tag's slug or name, any case);
    ``queryset`` unchanged for an empty ``tag``."""
    if not tag:
        return queryset
    through = queryset.model._meta.get_field("tags").through
    tagged = through.objects.filter(
        Q(tag__slug=tag) | Q(tag__name__iexact=tag), content_object=OuterRef("pk")
    )
    return queryset.filter(Exists(tagged))


def with_thumbnails(queryset, specs=THUMBNAIL_SPECS):
    """``queryset`` with each page's hero image joined and the renditions of
    ``specs`` fetched in one more query for the whole list."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    )
    return queryset.select_related("hero_image").prefetch_related(
        Prefetch("hero_image__renditions", queryset=renditions)
    )


def complete_renditions(images, specs):
    """Fetch the renditions of ``specs`` for all ``images`` in one query and
    make those missing, so that the images can be cached with every
    rendition a template will ask for."""
    images = [image for image in images if image is not None]
    if not images:
        return
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    )
    prefetch_related_objects(images, Prefetch("renditions", queryset=renditions))
    for image in images:
        image.get_renditions(*specs)  # makes and remembers any missing one


def view_restrictions(page):
    """The view restrictions on ``page`` or an ancestor, as Wagtail's
    ``Page.get_view_restrictions`` finds them (an alias counts its source's),
    in one query instead of two: the ancestors' tree paths are prefixes of
    the page's own, so they need no query to be found."""
    base = swapper.load_model("wagtailcore", "Page")
    step = page.steplen
    paths = [page.path[:end] for end in range(step, len(page.path) + 1, step)]
    sources = (
        base.objects.filter(path__in=paths)
        .annotate(source_id=Coalesce("alias_of_id", "id"))
        .values("source_id")
    )
    return PageViewRestriction.objects.filter(page_id__in=sources)
