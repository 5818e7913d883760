"""{% tuidang_meta %}: canonical link, Open Graph, Twitter card and JSON-LD."""

import copy
import datetime
import json
import re
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.template import Context, Template
from django.test import RequestFactory
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from wagtail_tuidang.models import ShareSettings

META = Template("{% load wagtail_tuidang_tags %}{% tuidang_meta page %}")
BREAKOUT = "</script><script>alert(1)</script>"


def make_image(title="Hero", size=(1600, 900)):
    buffer = BytesIO()
    PILImage.new("RGB", size, "red").save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title,
        description="Crowds at a rally",
        file=ImageFile(buffer, name=f"{title}.jpg"),
    )


def site_request(path="/"):
    request = RequestFactory().get(path, HTTP_HOST="localhost")
    Site.find_for_request(request)
    return request


def render(page, request=None):
    return META.render(Context({"page": page, "request": request or site_request()}))


def metas(html):
    """Every <meta property|name=… content=…> as a dict (repeated keys listed)."""
    found = {}
    for key, value in re.findall(
        r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html
    ):
        found.setdefault(key, []).append(value)
    return {
        key: values if len(values) > 1 else values[0] for key, values in found.items()
    }


def json_ld(html):
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    assert len(scripts) == 1
    return json.loads(scripts[0])


def as_article(page, **overrides):
    """Give ``page`` the metadata protocol an ArticlePage implements."""
    values = {
        "get_meta_type": "article",
        "get_meta_title": "三退 & the “Nine Commentaries”",
        "get_meta_description": "Why 455 million <people> quit.",
        "get_meta_authors": ["Li Hua", "Jane Doe"],
        "get_meta_published": datetime.datetime(
            2025, 11, 2, 8, 30, tzinfo=datetime.UTC
        ),
        "get_meta_modified": datetime.datetime(2025, 11, 3, 9, 0, tzinfo=datetime.UTC),
        "get_meta_image": None,
    }
    values.update(overrides)
    for name, value in values.items():
        setattr(page, name, lambda value=value: value)
    return page


@pytest.fixture
def share_settings(home_page):
    settings = ShareSettings.for_site(Site.objects.get())
    settings.x_handle = "TuidangNews"
    settings.save()
    return settings


def test_a_plain_page_is_described_as_a_website(share_settings, home_page):
    home_page.search_description = "The Tuidang service centre."
    home_page.save_revision().publish()
    html = render(home_page)
    tags = metas(html)
    assert '<link rel="canonical" href="http://localhost/">' in html
    assert tags["og:type"] == "website"
    assert tags["og:title"] == "Home"
    assert tags["og:url"] == "http://localhost/"
    assert tags["og:site_name"] == "Test site"
    assert tags["og:description"] == "The Tuidang service centre."
    assert tags["description"] == "The Tuidang service centre."
    assert tags["twitter:card"] == "summary"
    assert tags["twitter:site"] == "@TuidangNews"
    assert "og:image" not in tags
    assert "article:published_time" not in tags
    assert json_ld(html) == {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": "Home",
        "url": "http://localhost/",
        "description": "The Tuidang service centre.",
        "inLanguage": "en",
        "publisher": {"@type": "Organization", "name": "Test site"},
    }


def test_an_article_gets_open_graph_article_tags_and_a_news_article(
    share_settings, home_page
):
    hero = make_image()
    html = render(as_article(home_page, get_meta_image=hero))
    tags = metas(html)
    assert tags["og:type"] == "article"
    assert tags["og:title"] == "三退 &amp; the “Nine Commentaries”"
    assert tags["og:description"] == "Why 455 million &lt;people&gt; quit."
    assert tags["article:published_time"] == "2025-11-02T08:30:00+00:00"
    assert tags["article:modified_time"] == "2025-11-03T09:00:00+00:00"
    assert tags["article:author"] == ["Li Hua", "Jane Doe"]
    assert tags["twitter:card"] == "summary_large_image"
    assert re.fullmatch(
        r"http://localhost/media/images/Hero\.[^/]*fill-1200x630[^/]*\.jpg",
        tags["og:image"],
    )
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == "Crowds at a rally"

    data = json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "三退 & the “Nine Commentaries”"
    assert data["description"] == "Why 455 million <people> quit."
    assert data["image"] == [tags["og:image"]]
    assert data["datePublished"] == "2025-11-02T08:30:00+00:00"
    assert data["dateModified"] == "2025-11-03T09:00:00+00:00"
    assert data["author"] == [
        {"@type": "Person", "name": "Li Hua"},
        {"@type": "Person", "name": "Jane Doe"},
    ]
    assert data["publisher"] == {"@type": "Organization", "name": "Test site"}
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": "http://localhost/"}


def test_the_publisher_name_logo_and_default_image_come_from_the_settings(
    share_settings, home_page
):
    share_settings.publisher_name = "Tuidang Service Center"
    share_settings.publisher_logo = make_image("Logo", size=(800, 200))
    share_settings.default_image = make_image("Default")
    share_settings.save()
    html = render(as_article(home_page))
    data = json_ld(html)
    assert data["publisher"]["name"] == "Tuidang Service Center"
    logo = data["publisher"]["logo"]
    # Storage adds a suffix when another test stored an image of that name.
    assert logo["url"].startswith("http://localhost/media/images/Logo")
    assert (logo["width"], logo["height"]) == (240, 60)
    assert "/media/images/Default" in metas(html)["og:image"]


def test_the_dates_default_to_wagtails_publication_dates(share_settings, home_page):
    home_page.save_revision().publish()
    home_page.refresh_from_db()
    home_page.get_meta_type = lambda: "article"
    html = render(home_page)
    data = json_ld(html)
    assert data["datePublished"] == home_page.first_published_at.isoformat()
    assert data["dateModified"] == home_page.last_published_at.isoformat()
    assert "author" not in data


def test_the_page_owner_is_never_named(share_settings, home_page):
    owner = get_user_model().objects.create_user(
        "secret.owner", first_name="Secret", last_name="Owner"
    )
    home_page.owner = owner
    home_page.save()
    home_page.get_meta_type = lambda: "article"
    html = render(home_page)
    assert "Secret" not in html
    assert "secret.owner" not in html


def test_a_title_cannot_close_the_json_ld_script(share_settings, home_page):
    page = as_article(home_page, get_meta_title=BREAKOUT)
    html = render(page)
    assert "</script><script>" not in html
    assert html.count("</script>") == 1
    assert json_ld(html)["headline"] == BREAKOUT
    assert metas(html)["og:title"] == (
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    )


def test_the_canonical_url_of_a_sub_route_drops_the_query(share_settings, index_page):
    html = render(index_page, site_request("/statements/stats/?receipt=SECRET"))
    assert '<link rel="canonical" href="http://localhost/statements/stats/">' in html
    assert "SECRET" not in html


def test_a_page_with_its_tags_and_share_bars(
    share_settings, home_page, client, settings
):
    settings.ROOT_URLCONF = "tests.sharing_urls"
    response = client.get(f"/__share__/{home_page.pk}/", HTTP_HOST="localhost")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('rel="canonical"') == 1
    assert html.count('<div class="td-share"') == 2
    assert json_ld(html)["@type"] == "WebPage"


def test_queries_for_the_metadata(share_settings, home_page, django_assert_num_queries):
    cache.clear()  # renditions cached by earlier tests' images, whose ids recur
    share_settings.publisher_logo = make_image("Logo", size=(800, 200))
    share_settings.save()
    page = as_article(home_page, get_meta_image=make_image())
    render(page)  # the first view makes the renditions
    request = site_request()
    page.get_full_url(request)  # Wagtail has the site's root paths while serving
    # The settings, with both images, and the renditions come from the cache.
    with django_assert_num_queries(0):
        render(page, request)
    # With an empty cache: the settings with both images joined, and each
    # image's rendition.
    cache.clear()
    request = site_request()
    page.get_full_url(request)
    with django_assert_num_queries(3):
        render(page, request)
    # Share bars on the same request reuse the settings.
    bar = Template("{% load wagtail_tuidang_tags %}{% share_buttons page %}")
    with django_assert_num_queries(0):
        bar.render(Context({"page": page, "request": request}))


def test_a_sub_route_can_name_its_own_title_and_description(share_settings, index_page):
    template = Template(
        "{% load wagtail_tuidang_tags %}"
        "{% tuidang_meta page title='Statistics' description='Daily totals' %}"
    )
    request = site_request("/statements/stats/")
    html = template.render(Context({"page": index_page, "request": request}))
    tags = metas(html)
    assert (tags["og:title"], tags["og:description"]) == ("Statistics", "Daily totals")
    assert tags["og:url"] == "http://localhost/statements/stats/"


def test_nothing_is_rendered_without_a_page(share_settings):
    assert META.render(Context({"request": site_request()})) == ""


def test_saved_settings_show_on_the_next_page_without_a_query_after(
    share_settings, home_page, django_assert_num_queries
):
    page = as_article(home_page)
    render(page)  # reads the settings once, for every later request
    request = site_request()  # Wagtail finds the site before the page
    with django_assert_num_queries(0):
        assert metas(render(page, request))["twitter:site"] == "@TuidangNews"
    share_settings.x_handle = "TuidangDaily"
    share_settings.save()
    assert metas(render(page))["twitter:site"] == "@TuidangDaily"
    share_settings.delete()
    assert "twitter:site" not in metas(render(page))


def test_a_page_read_before_the_save_commits_is_not_kept_in_the_cache(
    share_settings, home_page, django_capture_on_commit_callbacks
):
    """Two people at once: a reader caches the old settings between the
    editor's save and its commit; the commit forgets them again."""
    from wagtail_tuidang.sharing import settings_cache

    page = as_article(home_page)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        share_settings.x_handle = "TuidangDaily"
        share_settings.save()
        stale = copy.copy(share_settings)
        stale.x_handle = "TuidangNews"
        cache.set(settings_cache.key(share_settings.site_id), stale)
        assert metas(render(page))["twitter:site"] == "@TuidangNews"
    for callback in callbacks:
        callback()
    assert metas(render(page))["twitter:site"] == "@TuidangDaily"


def test_a_deleted_logo_leaves_the_cached_settings(share_settings, home_page):
    logo = make_image("Logo", size=(800, 200))
    share_settings.publisher_logo = logo
    share_settings.save()
    page = as_article(home_page)
    assert "logo" in json_ld(render(page))["publisher"]
    logo.delete()  # sets the settings' field to NULL without saving them
    assert "logo" not in json_ld(render(page))["publisher"]
