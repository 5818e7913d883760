"""Renditions for many images at once: from the rendition cache, else in one
query for all of them; ``{% image %}`` then needs no query."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail_factories import ImageFactory

from wagtail_tuidang.renditions import fetch_renditions

pytestmark = pytest.mark.django_db

SPECS = ("fill-80x60", "width-100")


def fresh(images):
    """The images as a new request reads them."""
    found = get_image_model().objects.in_bulk([image.pk for image in images])
    return [found[image.pk] for image in images]


def render(images):
    template = Template(
        "{% load wagtailimages_tags %}{% for image in images %}"
        "{% image image fill-80x60 %}{% image image width-100 %}{% endfor %}"
    )
    return template.render(Context({"images": images}))


@pytest.fixture
def images():
    made = [ImageFactory() for _ in range(3)]
    for image in made:
        image.get_renditions(*SPECS)
    return made


def test_cached_renditions_cost_no_query(images):
    expected = render(fresh(images))
    wanted = fresh(images)
    with CaptureQueriesContext(connection) as captured:
        fetch_renditions((image, SPECS) for image in wanted)
        html = render(wanted)
    assert len(captured) == 0
    assert html == expected and html.count("<img") == 6


def test_renditions_the_cache_lacks_cost_one_query_for_all(images):
    expected = render(fresh(images))
    cache.clear()
    wanted = fresh(images)
    with CaptureQueriesContext(connection) as captured:
        fetch_renditions((image, SPECS) for image in wanted)
        html = render(wanted)
    assert len(captured) == 1
    assert html == expected
    # And they are cached for the next request.
    with CaptureQueriesContext(connection) as captured:
        fetch_renditions((image, SPECS) for image in fresh(images)[1:])
    assert len(captured) == 1  # the images themselves, read by fresh()


def test_the_same_image_twice_and_no_image_at_all(images):
    cache.clear()
    first, again = fresh(images[:1]) + fresh(images[:1])
    with CaptureQueriesContext(connection) as captured:
        fetch_renditions([(first, SPECS), (None, SPECS), (again, SPECS[:1])])
        render([first])
        render([again])  # asks for width-100 too: Wagtail finds it itself
    assert len(captured) == 2
    assert fetch_renditions([]) is None


def test_a_rendition_never_made_is_made_by_the_template():
    image = fresh([ImageFactory()])[0]
    fetch_renditions([(image, SPECS)])
    assert render([image]).count("<img") == 2
    assert image.renditions.count() == 2
