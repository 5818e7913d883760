"""Share bars: plain, correctly encoded links; per-site settings; no third party."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from wagtail import hooks
from wagtail.models import Page, Site

from wagtail_tuidang.models import ShareSettings
from wagtail_tuidang.sharing.blocks import ShareButtonsBlock
from wagtail_tuidang.sharing.buttons import page_share_url
from wagtail_tuidang.sharing.networks import ShareNetwork, get_networks, share_query

ALL_NETWORKS = [
    "facebook",
    "x",
    "linkedin",
    "telegram",
    "whatsapp",
    "weibo",
    "line",
    "mastodon",
    "reddit",
    "email",
]
AWKWARD_TITLES = [
    'He said "quit" & left',
    "It's <b>bold</b> & <script>",
    "三退：退党、退团、退队",
    "Freedom 🕊️✊ now",
    "#1 story: 100% true? a+b=c",
    "  spaces  and\ttabs ",
]
AWKWARD_URL = "https://news.example.org/文章/a b/?q=三退&x=1+2&y=%25#top"


class Tags(HTMLParser):
    """Every start tag of a document, as (name, attributes) pairs."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, name):
        return [attrs for tag, attrs in self.tags if tag == name]


def render(source, **context):
    return Template("{% load wagtail_tuidang_tags %}" + source).render(Context(context))


def share_links(html):
    """The share links of a bar, by network key, in order."""
    links = {}
    for attrs in Tags(html).all("a"):
        key = attrs["class"].split("td-share__link--")[1]
        links[key] = attrs
    return links


def query(href):
    params = parse_qs(urlsplit(href).query, keep_blank_values=True)
    return {name: values[0] for name, values in params.items()}


def site_request(path="/", host="localhost"):
    request = RequestFactory().get(path, HTTP_HOST=host)
    Site.find_for_request(request)  # as Wagtail does while serving a page
    return request


@pytest.fixture
def share_settings(home_page):
    site = Site.objects.get()
    settings = ShareSettings.for_site(site)
    settings.networks = [("network", key) for key in ALL_NETWORKS]
    settings.mastodon_instance = "mastodon.example"
    settings.save()
    return settings


# What each network receives: the query parameters holding the title and URL.
def expected_params(key, title, url):
    return {
        "facebook": {"u": url},
        "x": {"text": title, "url": url},
        "linkedin": {"url": url},
        "telegram": {"url": url, "text": title},
        "whatsapp": {"text": f"{title} {url}"},
        "weibo": {"url": url, "title": title},
        "line": {"url": url},
        "mastodon": {"text": f"{title} {url}"},
        "reddit": {"url": url, "title": title},
        "email": {"subject": title, "body": url},
    }[key]


@pytest.mark.parametrize("title", AWKWARD_TITLES)
def test_every_network_receives_the_exact_title_and_url(share_settings, title):
    html = render(
        "{% share_buttons page url=url title=title %}",
        page=share_settings.site.root_page,
        url=AWKWARD_URL,
        title=title,
    )
    links = share_links(html)
    assert list(links) == ALL_NETWORKS
    for key, attrs in links.items():
        assert query(attrs["href"]) == expected_params(key, title, AWKWARD_URL), key


def test_spaces_are_encoded_as_percent_20_so_mail_programs_show_them():
    href = get_networks()["email"].share_url("https://a.example/", "a + b")
    assert href == "mailto:?subject=a%20%2B%20b&body=https%3A%2F%2Fa.example%2F"


def test_each_link_goes_to_the_network_it_names(share_settings):
    html = render("{% share_buttons page %}", page=share_settings.site.root_page)
    hosts = {key: urlsplit(a["href"]).netloc for key, a in share_links(html).items()}
    assert hosts == {
        "facebook": "www.facebook.com",
        "x": "x.com",
        "linkedin": "www.linkedin.com",
        "telegram": "t.me",
        "whatsapp": "wa.me",
        "weibo": "service.weibo.com",
        "line": "social-plugins.line.me",
        "mastodon": "mastodon.example",
        "reddit": "www.reddit.com",
        "email": "",
    }


def test_the_page_url_and_seo_title_are_shared_by_default(share_settings):
    home = share_settings.site.root_page.specific
    home.seo_title = "Quit the Party — 三退"
    home.save_revision().publish()
    html = render("{% share_buttons page %}", page=home)
    telegram = query(share_links(html)["telegram"]["href"])
    assert telegram == {"url": "http://localhost/", "text": "Quit the Party — 三退"}


def test_every_link_is_plain_opens_apart_and_sends_no_referrer(share_settings):
    html = render("{% share_buttons page %}", page=share_settings.site.root_page)
    links = Tags(html).all("a")
    assert len(links) == len(ALL_NETWORKS)
    for attrs in links:
        assert attrs["rel"] == "noopener noreferrer"
        # A mailto: link opens the mail program, not a blank tab.
        expected_target = None if attrs["href"].startswith("mailto:") else "_blank"
        assert attrs.get("target") == expected_target
        assert "onclick" not in attrs


def test_every_link_has_an_accessible_name_and_a_hidden_icon(share_settings):
    html = render("{% share_buttons page %}", page=share_settings.site.root_page)
    assert ">Share on Telegram</span>" in html
    assert ">Share on X</span>" in html
    assert ">Share by email</span>" in html
    icons = Tags(html).all("svg")
    assert len(icons) == len(ALL_NETWORKS) + 2  # plus "Copy link" and "Share…"
    for attrs in icons:
        assert attrs["aria-hidden"] == "true"
        assert attrs["focusable"] == "false"


def test_the_bar_loads_nothing_from_another_host(share_settings):
    html = render(
        "{% share_buttons page %}{% share_buttons page %}",
        page=share_settings.site.root_page,
    )
    tags = Tags(html)
    assert tags.all("img") == []
    assert tags.all("iframe") == []
    resources = [a["src"] for a in tags.all("script")]
    resources += [a["href"] for a in tags.all("link")]
    assert resources  # the local stylesheet and script
    for url in resources:
        assert url.startswith("/static/wagtail_tuidang/"), url
    assert all(a.get("rel") == "stylesheet" for a in tags.all("link"))


def test_the_stylesheet_and_script_are_linked_once_per_request(share_settings):
    html = render(
        "{% share_buttons page %}{% share_buttons page %}",
        page=share_settings.site.root_page,
        request=site_request(),
    )
    assert html.count("wagtail_tuidang/js/share.js") == 1
    assert html.count("wagtail_tuidang/css/share.css") == 1
    assert html.count('data-td-share data-url="http://localhost/"') == 2


def test_copy_link_and_share_wait_for_the_script_and_follow_the_settings(
    share_settings,
):
    home = share_settings.site.root_page
    html = render("{% share_buttons page %}", page=home)
    # Hidden until share.js shows them: without JavaScript they could not work.
    assert "<li data-td-share-copy hidden>" in html
    assert "<li data-td-share-native hidden>" in html
    assert 'data-copied="Link copied"' in html

    share_settings.show_copy_link = False
    share_settings.show_web_share = False
    share_settings.save()
    html = render("{% share_buttons page %}", page=home)
    assert "data-td-share-copy" not in html
    assert "data-td-share-native" not in html


def test_a_title_cannot_break_out_of_its_attribute(share_settings):
    html = render(
        "{% share_buttons page title=title %}",
        page=share_settings.site.root_page,
        title='"><script>alert(1)</script>',
    )
    assert "<script>alert" not in html
    assert 'data-title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_a_fresh_site_shows_the_default_networks(home_page):
    html = render("{% share_buttons page %}", page=home_page)
    assert list(share_links(html)) == [
        "facebook",
        "x",
        "telegram",
        "whatsapp",
        "weibo",
        "line",
        "email",
    ]
    assert "data-td-share-copy" in html


def test_order_and_choice_of_networks_follow_the_settings(share_settings):
    share_settings.networks = [("network", "email"), ("network", "weibo")]
    share_settings.save()
    html = render("{% share_buttons page %}", page=share_settings.site.root_page)
    assert list(share_links(html)) == ["email", "weibo"]


def test_the_x_handle_and_hashtags_go_to_x_only(share_settings):
    share_settings.x_handle = "@Tuidang_News"
    share_settings.hashtags = "#三退 #Tuidang，freedom"
    share_settings.full_clean()
    share_settings.save()
    assert share_settings.x_handle == "Tuidang_News"
    assert share_settings.hashtags == "三退, Tuidang, freedom"

    links = share_links(
        render("{% share_buttons page %}", page=share_settings.site.root_page)
    )
    params = query(links["x"]["href"])
    assert params["via"] == "Tuidang_News"
    assert params["hashtags"] == "三退,Tuidang,freedom"
    assert "Tuidang_News" not in links["telegram"]["href"]


def test_each_site_has_its_own_settings(share_settings):
    other_root = Page.get_first_root_node().add_child(title="Other", slug="other")
    other = Site.objects.create(hostname="other.example", root_page=other_root)
    ShareSettings.objects.create(site=other, networks=[("network", "reddit")])

    here = render("{% share_buttons page %}", page=share_settings.site.root_page)
    there = render("{% share_buttons page %}", page=other_root)
    assert "reddit" not in list(share_links(here))[:1]
    assert list(share_links(there)) == ["reddit"]
    assert query(share_links(there)["reddit"]["href"])["url"] == (
        "http://other.example/"
    )


def test_mastodon_is_left_out_until_a_server_is_named(share_settings):
    share_settings.mastodon_instance = ""
    share_settings.save()
    html = render("{% share_buttons page %}", page=share_settings.site.root_page)
    assert "mastodon" not in share_links(html)


def vk_url(url, title, options):
    return "https://vk.example/share.php?" + share_query(url=url, title=title)


def test_a_network_added_through_the_hook_can_be_chosen_and_shown(share_settings):
    vk = ShareNetwork("vk", "VK", vk_url, icon="M0 0h24v24H0Z")
    with hooks.register_temporarily("register_tuidang_share_networks", lambda: [vk]):
        field = ShareSettings._meta.get_field("networks")
        choice_block = field.stream_block.child_blocks["network"]
        assert ("vk", "VK") in list(choice_block.field.choices)

        share_settings.networks = [("network", "vk"), ("network", "x")]
        share_settings.full_clean()
        share_settings.save()
        html = render("{% share_buttons page %}", page=share_settings.site.root_page)
        links = share_links(html)
        assert list(links) == ["vk", "x"]
        expected = {"url": "http://localhost/", "title": "Home"}
        assert query(links["vk"]["href"]) == expected
        assert ">Share on VK</span>" in html

    # Once the hook is gone its network is skipped, not an error.
    html = render("{% share_buttons page %}", page=share_settings.site.root_page)
    assert list(share_links(html)) == ["x"]


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("x_handle", "@example_1", "example_1"),
        ("x_handle", "https://x.com/example_1/", "example_1"),
        ("x_handle", " https://twitter.com/@Example ", "Example"),
        ("hashtags", "#a,#b  c、三退；a", "a, b, c, 三退"),
        ("mastodon_instance", "https://Mastodon.Social/@me", "mastodon.social"),
        ("mastodon_instance", "@me@hk.example", "hk.example"),
    ],
)
def test_editors_input_is_stored_normalised(share_settings, field, value, stored):
    setattr(share_settings, field, value)
    share_settings.full_clean()
    assert getattr(share_settings, field) == stored


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("x_handle", "@has space"),
        ("x_handle", "@this_handle_is_too_long"),
        ("x_handle", "@nom-dash"),
        ("hashtags", "#ok #not-ok"),
        ("hashtags", "#2024"),
        ("hashtags", "a b c d e f"),
        ("mastodon_instance", "not a host"),
    ],
)
def test_bad_input_is_a_form_error_on_its_field(share_settings, field, value):
    setattr(share_settings, field, value)
    with pytest.raises(ValidationError) as error:
        share_settings.full_clean()
    assert list(error.value.message_dict) == [field]


def test_a_network_is_listed_once(share_settings):
    share_settings.networks = [("network", "x"), ("network", "line"), ("network", "x")]
    share_settings.full_clean()
    assert share_settings.network_keys == ["x", "line"]


def test_mastodon_needs_a_server(share_settings):
    share_settings.mastodon_instance = ""
    with pytest.raises(ValidationError) as error:
        share_settings.full_clean()
    assert list(error.value.message_dict) == ["mastodon_instance"]


def test_editors_change_the_settings_in_the_admin(share_settings, admin_client):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    url = f"/admin/settings/wagtail_tuidang/sharesettings/{share_settings.site_id}/"
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "networks": streamfield([("network", "weibo"), ("network", "telegram")]),
            "show_copy_link": "on",
            "x_handle": "@someone",
            "hashtags": "#三退",
            "mastodon_instance": "",
            "publisher_name": "",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    share_settings.refresh_from_db()
    assert share_settings.network_keys == ["weibo", "telegram"]
    assert (share_settings.x_handle, share_settings.hashtags) == ("someone", "三退")
    assert not share_settings.show_web_share

    data["x_handle"] = "@not valid"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "An X handle has 1–15 letters" in response.content.decode()

    repeated = streamfield([("network", "x"), ("network", "x")])
    data.update(nested_form_data({"networks": repeated, "x_handle": ""}))
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "This network is already listed." in response.content.decode()
    share_settings.refresh_from_db()
    assert share_settings.network_keys == ["weibo", "telegram"]


def test_a_sub_route_of_a_routable_page_is_shared_without_its_query(index_page):
    request = site_request("/statements/stats/?receipt=SECRET")
    assert page_share_url(index_page, request) == "http://localhost/statements/stats/"
    # Another page's bar on that request still shares that page.
    home = index_page.get_parent().specific
    assert page_share_url(home, request) == "http://localhost/"


def test_the_block_renders_the_same_bar_with_a_heading(share_settings):
    block = ShareButtonsBlock()
    value = block.to_python({"heading": "Share this article"})
    page = share_settings.site.root_page.specific
    html = block.render(value, context={"page": page, "request": site_request()})
    assert '<h2 class="td-share__heading">Share this article</h2>' in html
    assert list(share_links(html)) == ALL_NETWORKS
    # Without a page in the context ({{ page.body }}): the site, saying so.
    html = block.render(value, context={})
    assert '<h2 class="td-share__heading">Share this website</h2>' in html
    assert query(share_links(html)["x"]["href"])["url"] == "http://localhost/"


def test_one_query_with_the_settings_and_none_for_a_second_bar(
    share_settings, django_assert_num_queries
):
    request = site_request()
    page = share_settings.site.root_page
    page.get_full_url(request)  # Wagtail has the site's root paths while serving
    template = Template("{% load wagtail_tuidang_tags %}{% share_buttons page %}")
    with django_assert_num_queries(1):
        template.render(Context({"page": page, "request": request}))
    with django_assert_num_queries(0):
        template.render(Context({"page": page, "request": request}))


def test_an_undefined_page_renders_nothing(share_settings):
    assert render("{% share_buttons missing %}").strip() == ""
    html = render(
        "{% share_buttons missing url='https://a.example/' title='A' %}",
        request=site_request(),
    )
    assert query(share_links(html)["x"]["href"])["url"] == "https://a.example/"
