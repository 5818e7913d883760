"""A bad day is a normal day: the cache down is a miss, the database down is
a 503 that says nothing was stored, and nothing after a submission's commit
turns its receipt into an error."""

import pytest
import wagtail_factories
from django.core import mail
from django.db import OperationalError, connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import override_settings
from django_tasks import TaskResultStatus

from tests.caches import FORGIVING, RAISING
from tests.factories import body, make_article, make_index, make_statement
from tests.helpers import QUEUE_URL, code_in, moderator, submission, submit_url
from wagtail_tuidang import cache as forgiving
from wagtail_tuidang.articles import cache as article_cache
from wagtail_tuidang.middleware import DatabaseUnavailableMiddleware
from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation import counts, notifications
from wagtail_tuidang.renditions import fetch_renditions
from wagtail_tuidang.statements import antispam, tallies
from wagtail_tuidang.transfer import jobs

pytestmark = pytest.mark.django_db

TYPED = "我声明退出中共及其相关组织。这是我自己写的话。"


def no_database(execute, sql, params, many, context):
    """An ``execute_wrapper`` for a database that cannot be reached."""
    raise OperationalError("could not connect to server")


@pytest.fixture
def site(home_page, index_page):
    """A published statement, home blocks, and an article with images."""
    published, _code = make_statement(
        "published", index_page=index_page, name="公开的人"
    )
    home_page.body = [
        ("statement_counter", {"page": index_page, "show_organisations": True}),
        ("latest_statements", {"page": index_page, "count": 5}),
        ("statement_form", {"page": index_page}),
    ]
    home_page.save()
    news = make_index(home_page)
    image = wagtail_factories.ImageFactory()
    article = make_article(
        news,
        "Article with a photo",
        hero_image=image,
        body=body(("image", {"image": image.pk})),
    )
    return {"statement": published, "news": news, "article": article}


# The cache down -------------------------------------------------------------


@override_settings(CACHES=FORGIVING)
def test_every_public_route_is_served_from_the_database_with_the_cache_down(
    client, index_page, site
):
    statement = site["statement"]
    urls = [
        "/",
        index_page.url,
        submit_url(index_page),
        f"{index_page.url}receipt/",
        f"{index_page.url}s/{statement.public_id}/",
        f"{index_page.url}stats/",
        f"{index_page.url}feed/",
        site["news"].url,
        f"{site['news'].url}feed/",
        site["article"].url,
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "公开的人" in client.get(index_page.url).text
    assert "455,000,001" in client.get("/").text  # baseline + 1 person


@override_settings(CACHES=FORGIVING)
def test_a_submission_with_the_cache_down_is_stored_once_flagged_and_acknowledged(
    client, index_page
):
    response = client.post(submit_url(index_page), submission(text=TYPED))
    assert response.status_code == 200
    code = code_in(response)
    statement = Statement.objects.get()
    assert statement.text == TYPED
    # Not counted, so not refused and not passed silently either.
    assert statement.flag_rate_limit_unknown and not statement.flag_rate_limited
    receipt = client.post(f"{index_page.url}receipt/", {"code": code})
    assert receipt.status_code == 200 and "Waiting for review" in receipt.text


@override_settings(CACHES=FORGIVING)
def test_the_moderation_queue_works_with_the_cache_down(client, index_page):
    make_statement(index_page=index_page, name="排队的人")
    client.force_login(moderator())
    response = client.get(QUEUE_URL)
    assert response.status_code == 200
    assert "排队的人" in response.text


@override_settings(CACHES=RAISING)
def test_the_plugins_own_cache_calls_treat_a_raising_cache_as_a_miss(
    rf, index_page, site
):
    # Every call below raised before; each now answers from the database.
    assert tallies.get_figures(index_page)["total"] == 455_000_001
    tallies.invalidate(index_page.pk)
    assert counts.pending_count() == 0
    counts.forget_pending_count()
    assert notifications.digest_due() is False  # no flood of digests
    request = rf.post("/", REMOTE_ADDR="203.0.113.9")
    assert antispam.over_limit(request, "submit", 5) is None
    jobs.set_progress("job", 1, "running")
    assert jobs.get_progress("job", 1) is None
    article = site["article"]
    key = article_cache.key(article, "details")
    assert article_cache.get_or_compute(key, lambda: "computed") == "computed"
    article_cache.bump_generation()
    image = article.hero_image
    fetch_renditions([(image, ["fill-80x60"])])  # nothing cached, no error


@override_settings(CACHES=RAISING)
def test_a_cache_outage_is_logged_once_per_interval_without_keys(caplog):
    forgiving._last_warning.clear()
    for _ in range(3):
        forgiving.get("wagtail_tuidang:ratelimit:secret-client-key")
    warnings = [r for r in caplog.records if r.name == "wagtail_tuidang.cache"]
    assert len(warnings) == 1
    assert "secret-client-key" not in caplog.text


# Nothing after the commit -----------------------------------------------------


class Broken:
    """A digest task whose enqueuing fails."""

    def enqueue(self):
        raise RuntimeError("after the commit")


def test_a_failing_digest_after_the_commit_still_shows_the_receipt(
    client, index_page, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(notifications, "send_moderation_digest", Broken())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(submit_url(index_page), submission(text=TYPED))
    assert len(callbacks) == 1  # the digest was due, and failed
    assert response.status_code == 200
    assert code_in(response)
    assert Statement.objects.count() == 1


def test_a_failing_hook_after_the_commit_still_shows_the_receipt(
    client, index_page, monkeypatch, settings, django_capture_on_commit_callbacks
):
    # With a rate-limit cache of its own, the queue's counts are dropped
    # after the commit, as for a statement stored any other way.
    settings.CACHES = {**settings.CACHES, "ratelimit": settings.CACHES["default"]}
    settings.WAGTAIL_TUIDANG_RATELIMIT_CACHE = "ratelimit"

    def broken(batch=None):
        raise RuntimeError("after the commit")

    monkeypatch.setattr(counts, "forget_pending_count", broken)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(submit_url(index_page), submission(text=TYPED))
    assert len(callbacks) == 1
    assert response.status_code == 200
    assert code_in(response)
    assert Statement.objects.count() == 1


# The database down ------------------------------------------------------------


def test_the_database_down_at_routing_is_a_503_with_the_typed_form(client, index_page):
    url = submit_url(index_page)
    data = submission(text=TYPED, csrfmiddlewaretoken="a" * 64, contact="tel 999")
    with connection.execute_wrapper(no_database):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "no-store" in response["Cache-Control"]
    html = response.text
    assert "系统没有保留任何内容。请过几分钟再提交一次。" in html
    assert f'action="{url}"' in html
    assert f">{TYPED}</textarea>" in html
    assert 'value="自由人"' in html
    assert 'name="csrfmiddlewaretoken" value="' + "a" * 64 in html
    assert 'name="organisations" value="youth_league"' in html
    assert "tel 999" not in html  # contact details are never echoed


def test_the_database_down_on_a_read_is_a_503_in_english(client, index_page):
    url = index_page.url
    with connection.execute_wrapper(no_database):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert "cannot reach its database" in response.text
    assert "<form" not in response.text


def test_the_database_down_in_a_middleware_is_a_503_too(index_page, monkeypatch):
    from wagtail.contrib.redirects import middleware

    def unreachable(*args, **kwargs):
        raise OperationalError("server closed the connection")

    # The redirect middleware reads the database for a page not found.
    monkeypatch.setattr(middleware, "get_redirect", unreachable)
    response = Client(raise_request_exception=False).get("/no-such-page/")
    assert response.status_code == 503
    assert response["Retry-After"] == "120"


def test_other_errors_are_not_taken_for_an_outage(index_page, monkeypatch):
    from wagtail.models import Site

    def broken(request):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(Site, "find_for_request", broken)
    response = Client(raise_request_exception=False).get(index_page.url)
    assert response.status_code == 500


def test_the_error_pages_render_without_database_or_cache(settings):
    settings.CACHES = RAISING
    request = RequestFactory().post(
        "/statements/submit/", {"text": TYPED, "name": "自由人"}
    )
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with connection.execute_wrapper(no_database):
        server_error = render_to_string("500.html")
        unavailable = middleware.unavailable(request, "OperationalError")
    assert "Something went wrong" in server_error
    assert unavailable.status_code == 503
    assert "Tuidang example site" in unavailable.text  # the example's 503.html
    assert f">{TYPED}</textarea>" in unavailable.text


# The digest -----------------------------------------------------------------


def test_a_digest_that_could_not_be_sent_fails_and_is_retried(index_page, monkeypatch):
    moderator(email="mod@example.org")
    make_statement(index_page=index_page)

    def refuse(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", refuse
    )
    assert notifications.digest_due() is True  # enqueued; sending failed
    # The failed digest gave its turn back: the next submission enqueues one.
    assert notifications.digest_due() is True
    result = notifications.send_moderation_digest.enqueue()
    assert result.status == TaskResultStatus.FAILED  # not a silent success
    monkeypatch.undo()
    assert notifications.digest_due() is True
    assert [message.to for message in mail.outbox] == [["mod@example.org"]]
    assert notifications.digest_due() is False  # now sent for this interval
