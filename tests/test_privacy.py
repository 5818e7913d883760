"""Privacy rules, tested end to end: a canary contact value and a canary real
name that was never cleared for publication are submitted through the public
form, the statements are published, and every public page the site links to,
every route, feed, block and error page is fetched. Neither canary may appear
anywhere; nor may the submitter's IP address or user agent, in any table or
any log line."""

import gzip
import logging
import re
from collections import deque
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import Client, override_settings
from wagtail.models import Page

from tests.helpers import code_in, submission
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements import dumps, transitions

pytestmark = pytest.mark.django_db

CANARY_CONTACT = "canary-contact-9f3e@example.invalid"
CANARY_REAL_NAME = "金丝雀真名"
CANARY_ALIAS = "金丝雀化名"
CANARY_IP = "203.0.113.77"
CANARY_AGENT = "CanaryAgent/7.7 (privacy test)"
CRAWL_LIMIT = 500
HREF = re.compile(r"""(?:href|src|action)="([^"#]+)""")


@pytest.fixture(scope="module")
def canaries(demo_site, django_db_blocker):
    """The canaries' receipt codes, submitted once per module to the demo site."""
    with (
        django_db_blocker.unblock(),
        override_settings(WAGTAIL_TUIDANG_MIN_FILL_SECONDS=0),
    ):
        return submit_canaries(StatementIndexPage.objects.live().first())


@pytest.fixture
def site_with_canaries(canaries, db):
    return StatementIndexPage.objects.live().first(), canaries


def submit_canaries(wall):
    """Submit and publish a statement carrying the contact canary, and one
    carrying the real-name canary whose real name is never confirmed."""
    submitter = Client(REMOTE_ADDR=CANARY_IP, HTTP_USER_AGENT=CANARY_AGENT)
    codes = []
    for fields in (
        {"name": "普通化名", "contact": CANARY_CONTACT},
        {
            "name": CANARY_REAL_NAME,
            "is_real_name": "on",
            "consent_real_name": "on",
            "alias": CANARY_ALIAS,
            "contact": CANARY_CONTACT,
        },
    ):
        response = submitter.post(wall.url + "submit/", submission(**fields))
        assert response.status_code == 200
        codes.append(code_in(response))
    for statement in Statement.objects.filter(contact_encrypted__gt="").order_by("pk"):
        transitions.publish(statement)
    return codes


def crawl(client, start_urls):
    """Fetch every same-site URL reachable from ``start_urls`` (admin excluded)."""
    seen, queue, responses = set(), deque(start_urls), {}
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or path.startswith(("/admin/", "/static/", "/media/")):
            continue
        seen.add(url)
        response = client.get(url)
        responses[url] = response
        if "html" in response.get("Content-Type", ""):
            for link in HREF.findall(response.content.decode()):
                absolute = urljoin(url, link.replace("&amp;", "&"))
                if urlsplit(absolute).netloc in ("", "testserver", "localhost"):
                    queue.append(
                        urlsplit(absolute)._replace(scheme="", netloc="").geturl()
                    )
    return responses


def start_urls(wall):
    base = wall.url
    live = [page.url for page in Page.objects.live().public().specific() if page.url]
    return [
        *live,
        base + "?q=" + CANARY_REAL_NAME,
        base + "?q=" + CANARY_ALIAS,
        base + "?q=canary",
        base + "?cursor=garbage",
        base + "submit/",
        base + "receipt/",
        base + "receipt/keep/",
        base + "verify/",
        base + "verify/?number=1234567890123450",
        base + "verify/?number=1234567890123451",
        base + "stats/",
        base + "days/",
        base + "days/?before=garbage",
        base + "?day=2025-01-01",
        base + "feed/",
        base + "feed/atom/",
        base + "stats/json/",
        base + "stats/json/?days=366",
        base + "embed/counter/",
        base + "embed/counter/?theme=dark&size=compact&lang=zh-hans",
        base + "embed/badge/",
        base + "data/",
        base + "transparency/",
        base + "s/does-not-exist/",
        # The read API (example_site/api.py), the canaries' own items too.
        "/api/v2/statements/",
        "/api/v2/statements/?limit=100",
        f"/api/v2/statements/?wall={wall.pk}&limit=100",
        "/api/v2/statements/?cursor=garbage",
        "/api/v2/statements/does-not-exist/",
        *(
            f"/api/v2/statements/{public_id}/"
            for public_id in Statement.objects.filter(
                contact_encrypted__gt=""
            ).values_list("public_id", flat=True)
        ),
        "/api/v2/pages/?fields=*&limit=100",
        "/no-such-page/",
        "/sitemap.xml",
    ]


def assert_clean(url, response):
    body = response.content.decode("utf-8", "replace")
    # A search for a canary echoes it back in the search box, and nowhere else.
    for canary in (CANARY_REAL_NAME, CANARY_ALIAS):
        if canary in url:
            body = body.replace(f'value="{canary}"', "", 1)
    headers = str(response.headers) + str(response.cookies)
    for canary in (CANARY_CONTACT, CANARY_REAL_NAME, CANARY_IP, CANARY_AGENT):
        assert canary not in body, f"{canary!r} leaked on {url}"
        assert canary not in headers, f"{canary!r} leaked in headers of {url}"
    assert response.status_code < 500, url


class Records(logging.Handler):
    """Keeps every log record emitted while it is attached."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def crawled(canaries, django_db_blocker):
    """Every response of one crawl of the site with the canaries in it (and
    the receipt page for each code), and every log record it emitted. Both
    tests below read the same crawl: it is the slowest part of the module."""
    root, records = logging.getLogger(), Records()
    level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(records)
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(
                WAGTAIL_TUIDANG_TRANSPARENCY=True,
                WAGTAIL_TUIDANG_OPEN_DATA_PREFIX="privacy-crawl-open-data/",
            ),
        ):
            wall = StatementIndexPage.objects.live().first()
            dumps.write_all()  # so that data/ lists the downloads
            client = Client()
            responses = crawl(client, start_urls(wall))
            for code in canaries:
                responses[f"receipt {code}"] = client.post(
                    wall.url + "receipt/", {"code": code}
                )
                for action in ("download", "print", "confirm"):
                    responses[f"receipt {action} {code}"] = client.post(
                        wall.url + "receipt/keep/", {"code": code, "action": action}
                    )
                responses[f"receipt certificate {code}"] = client.post(
                    wall.url + "receipt/", {"code": code, "action": "certificate"}
                )
            for number in Statement.objects.filter(
                contact_encrypted__gt="", registration_number__isnull=False
            ).values_list("registration_number", flat=True):
                responses[f"receipt verify {number}"] = client.post(
                    wall.url + "verify/", {"number": number}
                )
            wall_page = client.get(wall.url).content.decode()
    finally:
        root.removeHandler(records)
        root.setLevel(level)
    return responses, records.records, wall_page


def test_no_public_page_shows_a_contact_or_a_hidden_real_name(crawled):
    responses, records, wall_page = crawled
    assert len(responses) > 50, "the crawl reached too little of the site"
    # The certificates and the verification of their numbers were fetched
    # (and show the alias standing in for the hidden real name).
    certificates = [url for url in responses if url.startswith("receipt cert")]
    verified = [url for url in responses if url.startswith("receipt verify")]
    assert len(certificates) == 2 and len(verified) == 2
    for url in certificates:
        assert 'class="td-certificate"' in responses[url].content.decode()
    assert any(CANARY_ALIAS in responses[url].content.decode() for url in verified)
    for url, response in responses.items():
        assert_clean(url, response)
    # The alias stands in for the unconfirmed real name, on the wall and
    # in the read API.
    assert CANARY_ALIAS in wall_page
    listing = responses["/api/v2/statements/?limit=100"]
    assert listing.status_code == 200
    assert CANARY_ALIAS in listing.content.decode()
    assert records, "the crawl's log records were not captured"
    for record in records:
        message = record.getMessage()
        for canary in (CANARY_CONTACT, CANARY_IP, CANARY_AGENT):
            assert canary not in message


def test_read_only_pages_set_no_cookie_and_the_form_only_a_session_one(crawled):
    responses, _records, _wall_page = crawled
    assert any("language=" in url for url in responses), "no switcher link crawled"
    for url, response in responses.items():
        if url.startswith("receipt "):
            continue
        if "language=" in url:
            # The language switcher's link: the language cookie alone, and a
            # redirect back to the page.
            assert response.status_code == 302, url
            assert set(response.cookies) <= {settings.LANGUAGE_COOKIE_NAME}, url
            continue
        for name, morsel in response.cookies.items():
            assert name == "csrftoken", f"{url} sets the cookie {name}"
            assert not morsel["max-age"] and not morsel["expires"], url
            assert "csrfmiddlewaretoken" in response.content.decode(), (
                f"{url} sets a CSRF cookie without carrying a form"
            )


def test_no_table_holds_the_ip_or_the_user_agent(site_with_canaries):
    for model in apps.get_models():
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        for field in text_fields:
            for canary in (CANARY_IP, CANARY_AGENT, CANARY_CONTACT):
                lookup = {f"{field}__contains": canary}
                assert not model._default_manager.filter(**lookup).exists(), (
                    f"{canary!r} stored in {model._meta.label}.{field}"
                )


def test_the_static_mirror_holds_no_contact_and_no_hidden_real_name(
    site_with_canaries, tmp_path
):
    """Every file ``tuidang_mirror_export`` writes, its manifest included.

    The demo's other statements are left out (this test's transaction rolls
    back) so the export renders tens of pages, not thousands: the canaries,
    their walls, days, stats, feeds and articles are all still exported."""
    Statement.objects.filter(contact_encrypted="").exclude(
        pk__in=Statement.objects.filter(contact_encrypted="").order_by("-pk")[:20]
    ).delete()
    call_command(
        "tuidang_mirror_export", str(tmp_path), stdout=StringIO(), stderr=StringIO()
    )
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(written) > 50, "the export wrote too little of the site"
    alias_shown = False
    for path in written:
        data = path.read_bytes()
        for canary in (CANARY_CONTACT, CANARY_REAL_NAME, CANARY_IP, CANARY_AGENT):
            assert canary.encode() not in data, f"{canary!r} leaked in {path}"
        alias_shown |= CANARY_ALIAS.encode() in data
    assert alias_shown, "the canary statement is not in the mirror"


@override_settings(WAGTAIL_TUIDANG_OPEN_DATA_PREFIX="privacy-open-data/")
def test_open_data_dumps_hold_no_contact_and_no_hidden_real_name(site_with_canaries):
    wall, _codes = site_with_canaries
    entries = dumps.write_dumps(wall)
    alias_shown = False
    for entry in entries:
        with dumps.storage().open(dumps.folder(wall) + entry["file"], "rb") as file:
            text = gzip.decompress(file.read()).decode("utf-8")
        for canary in (CANARY_CONTACT, CANARY_REAL_NAME, CANARY_IP, CANARY_AGENT):
            assert canary not in text, f"{canary!r} leaked in {entry['file']}"
        alias_shown = alias_shown or CANARY_ALIAS in text
    assert alias_shown, "the canary statement is not in the dumps"
