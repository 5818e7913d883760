"""Every public page and route carries a canonical link, Open Graph, a
Twitter card and JSON-LD valid for its schema.org type."""

import datetime
import html
import json
import re
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone, translation
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from tests import schema_org
from tests.factories import make_article, make_index, make_statement
from tests.helpers import receipt_url, submission, submit_url
from wagtail_tuidang.models import ShareSettings
from wagtail_tuidang.pages.models import StatementPage
from wagtail_tuidang.statements.meta import statement_headline

DECLARED = datetime.date(2025, 6, 1)
#: route → (JSON-LD @type, whether search engines may index it).
ROUTES = {
    "home": ("WebPage", True),
    "wall": ("CollectionPage", True),
    "day": ("CollectionPage", True),
    "days": ("CollectionPage", True),
    "permalink": ("ItemPage", True),
    "stats": ("WebPage", True),
    "submit": ("WebPage", False),
    "receipt": ("WebPage", False),
    "verify": ("WebPage", False),
    "featured": ("WebPage", True),
    "article_index": ("CollectionPage", True),
    "article": ("NewsArticle", True),
}


def make_image(title, size):
    buffer = BytesIO()
    PILImage.new("RGB", size, "blue").save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title}.jpg")
    )


@pytest.fixture
def site(index_page):
    """A wall with a published statement, one awaiting moderation and one
    whose real name is not cleared; a featured statement page, an article
    index with an article, and a default share image of awkward size."""
    published, _ = make_statement(
        status="published",
        index_page=index_page,
        name="小明",
        quit_youth_league=True,
        declared_on=DECLARED,
        text="我声明退出中共及其相关组织。\n从此不再受其控制。",
    )
    hidden, _ = make_statement(
        status="published",
        index_page=index_page,
        name="王真名",
        alias="清风",
        is_real_name=True,
        consent_real_name=True,
        declared_on=DECLARED,
    )
    pending, _ = make_statement(index_page=index_page, name="待审者")
    home = index_page.get_parent()
    featured = home.add_child(
        instance=StatementPage(
            title="Featured Zhang",
            display_name="张先生",
            body="<p>Why I quit &amp; what followed.</p>",
            quit_party=True,
        )
    )
    news = make_index(home)
    article = make_article(news, "Why they quit", summary="A report.")
    share = ShareSettings.for_site(Site.objects.get())
    share.default_image = make_image("Default", (1199, 700))
    share.save()
    return {
        "wall": index_page,
        "published": published,
        "hidden": hidden,
        "pending": pending,
        "featured": featured,
        "news": news,
        "article": article,
    }


def urls(site):
    wall = site["wall"].url
    day = timezone.localdate(site["published"].published_at).isoformat()
    return {
        "home": "/",
        "wall": wall,
        "day": f"{wall}?day={day}",
        "days": f"{wall}days/",
        "permalink": f"{wall}s/{site['published'].public_id}/",
        "stats": f"{wall}stats/",
        "submit": submit_url(site["wall"]),
        "receipt": receipt_url(site["wall"]),
        "verify": f"{wall}verify/",
        "featured": site["featured"].url,
        "article_index": site["news"].url,
        "article": site["article"].url,
    }


def fetch_all(client, site):
    pages = {name: client.get(url) for name, url in urls(site).items()}
    for name, response in pages.items():
        assert response.status_code == 200, name
    return {name: Head(response) for name, response in pages.items()}


class Head:
    """What a page's ``<head>`` says: canonical, meta tags and JSON-LD."""

    def __init__(self, response):
        self.html = response.content.decode()
        self.head = self.html.partition("</head>")[0]
        self.canonicals = re.findall(
            r'<link rel="canonical" href="([^"]*)">', self.head
        )
        self.tags = {}
        for key, value in re.findall(
            r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', self.head
        ):
            self.tags.setdefault(key, html.unescape(value))
        scripts = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', self.head, re.S
        )
        self.json_ld = [json.loads(script) for script in scripts]

    @property
    def data(self):
        assert len(self.json_ld) == 1
        return self.json_ld[0]


def test_every_public_route_has_canonical_open_graph_twitter_and_json_ld(client, site):
    for name, head in fetch_all(client, site).items():
        schema_type, indexable = ROUTES[name]
        assert len(head.canonicals) == 1, name
        assert head.canonicals[0].startswith("http://localhost/"), name
        for tag in ("og:type", "og:title", "og:url", "twitter:card", "twitter:title"):
            assert head.tags.get(tag), (name, tag)
        assert head.data["@type"] == schema_type, name
        assert schema_org.validate(head.data) == [], name
        assert ("noindex" in head.tags.get("robots", "")) is not indexable, name


def test_the_answer_to_a_post_has_no_link_preview_and_is_not_indexed(client, site):
    """Link previews and search engines only GET a page: the receipt shown
    after sending a statement, or a form shown again with its errors, carry
    no canonical URL, Open Graph, Twitter card or JSON-LD (nobody would read
    them), and say noindex."""
    wall = site["wall"]
    answers = {
        "receipt": client.post(submit_url(wall), submission()),
        "errors": client.post(submit_url(wall), submission(name="")),
    }
    for name, response in answers.items():
        assert response.status_code == 200, name
        head = Head(response)
        assert head.canonicals == [] and head.json_ld == [], name
        assert not any(key.startswith(("og:", "twitter:")) for key in head.tags)
        assert "noindex" in head.tags["robots"], name
        assert response["X-Robots-Tag"] == "noindex", name
        assert "tuidang.css" in head.head, name  # the page keeps its styles
    assert "td-receipt__code" in answers["receipt"].text
    assert "td-receipt__code" not in answers["errors"].text


def test_the_routes_carry_their_own_title_and_url(client, site):
    heads = fetch_all(client, site)
    day = timezone.localdate(site["published"].published_at)
    wall = "http://localhost/statements/"
    assert heads["wall"].tags["og:title"] == "Statements"
    assert heads["stats"].tags["og:title"] == "Statistics · Statements"
    assert heads["stats"].canonicals == [wall + "stats/"]
    assert heads["days"].tags["og:title"] == "Statements by day · Statements"
    assert heads["submit"].tags["og:title"] == "Submit a statement · Statements"
    assert heads["receipt"].tags["og:title"] == "Check a receipt · Statements"
    assert heads["verify"].tags["og:title"] == (
        "Verify a registration number · Statements"
    )
    assert heads["day"].canonicals == [f"{wall}?day={day.isoformat()}"]
    assert heads["day"].tags["og:url"] == f"{wall}?day={day.isoformat()}"
    assert heads["wall"].tags["og:description"] == (
        "455,000,002 people have quit the Chinese Communist Party and its "
        "organisations."
    )


def test_a_permalink_previews_as_who_quit_what_and_when(client, site):
    statement = site["published"]
    head = fetch_all(client, site)["permalink"]
    title = "小明 quit Chinese Communist Party, Communist Youth League on June 1, 2025"
    assert head.tags["og:title"] == title
    assert head.tags["twitter:title"] == title
    assert (
        head.tags["og:description"] == "我声明退出中共及其相关组织。 从此不再受其控制。"
    )
    assert head.tags["og:url"] == head.canonicals[0]
    assert head.canonicals[0].endswith(f"/statements/s/{statement.public_id}/")
    assert head.tags["twitter:card"] == "summary_large_image"
    assert "/media/images/Default" in head.tags["og:image"]
    entity = head.data["mainEntity"]
    assert entity["@type"] == "CreativeWork"
    assert entity["author"] == {"@type": "Person", "name": "小明"}
    assert entity["name"] == title
    assert [org["name"] for org in entity["about"]] == [
        "Chinese Communist Party",
        "Communist Youth League",
    ]


def test_the_preview_image_states_the_renditions_real_size(client, site):
    """A 1199 × 700 image cannot fill 1200 × 630 without upscaling: the tags
    give the size of the file the link points at."""
    head = fetch_all(client, site)["permalink"]
    image = ShareSettings.for_site(site["wall"].get_site()).default_image
    made = image.get_rendition("fill-1200x630")
    with made.file.open() as file:
        real_size = PILImage.open(file).size
    assert real_size == (1199, 630)
    assert (head.tags["og:image:width"], head.tags["og:image:height"]) == (
        "1199",
        "630",
    )


def test_the_headline_is_in_the_readers_language_and_script(site):
    statement = site["published"]
    with translation.override("zh-hant"):
        headline = statement_headline(statement)
    assert "2025年6月1日" in headline
    assert "中國共產黨" in headline
    assert "小明" in headline
    with translation.override("zh-hans"):
        headline = statement_headline(statement)
    assert "中国共产党" in headline


def test_lists_name_what_they_show_and_nothing_unpublished(client, site):
    heads = fetch_all(client, site)
    wall = heads["wall"].data["mainEntity"]
    names = [item["name"] for item in wall["itemListElement"]]
    assert sorted(names) == ["小明", "清风"]
    assert wall["numberOfItems"] == 2
    for head in heads.values():
        assert "王真名" not in head.head
        assert "待审者" not in head.head
        assert site["pending"].public_id not in head.head
    days = heads["days"].data["mainEntity"]["itemListElement"]
    assert [item["url"] for item in days] == [heads["day"].canonicals[0]]
    articles = heads["article_index"].data["mainEntity"]["itemListElement"]
    assert articles == [
        {
            "@type": "ListItem",
            "position": 1,
            "url": "http://localhost/news/why-they-quit/",
            "name": "Why they quit",
        }
    ]


def test_a_statement_under_a_name_not_cleared_previews_with_its_alias(client, site):
    hidden = site["hidden"]
    head = Head(client.get(f"{site['wall'].url}s/{hidden.public_id}/"))
    assert head.tags["og:title"].startswith("清风 quit ")
    assert head.data["mainEntity"]["author"]["name"] == "清风"
    assert "王真名" not in head.html


def test_an_unpublished_statement_has_no_preview(client, site):
    response = client.get(f"{site['wall'].url}s/{site['pending'].public_id}/")
    assert response.status_code == 404
    assert b"og:title" not in response.content


def test_a_featured_statement_page_previews_with_its_story(client, site):
    head = fetch_all(client, site)["featured"]
    assert head.tags["og:title"] == "Featured Zhang"
    assert head.tags["og:description"] == "Why I quit & what followed."
    assert "/media/images/Default" in head.tags["og:image"]


def test_the_validator_refuses_what_schema_org_does_not_allow():
    """The validator used above can fail: each mistake is named."""
    page = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": "Wall",
        "url": "/statements/",
        "colour": "red",
        "datePublished": "yesterday",
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": 3,
            "itemListElement": [{"@type": "ListItem", "position": 2, "name": "x"}],
        },
    }
    problems = schema_org.validate(page)
    assert problems == [
        "$.url: '/statements/' is not one of ('URL',)",
        "$: colour is not a property of CollectionPage",
        "$.datePublished: 'yesterday' is not one of ('DateTime', 'Date')",
        "$.mainEntity.itemListElement[0]: ListItem lacks url",
        "$.mainEntity: numberOfItems is not the number of elements",
        "$.mainEntity: positions are not 1…1",
    ]
    assert schema_org.validate({"@type": "Recipe"}) == [
        "$: @context is not https://schema.org",
        "$: unknown @type 'Recipe'",
    ]
