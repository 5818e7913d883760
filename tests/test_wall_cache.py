"""The wall's cached cards, filter fields and news: the same bytes as
rendered afresh, a new card the moment a statement changes, and a page
that renders without the cache."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError, engines
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext, override_settings

from tests.caches import FORGIVING, RaisingCache
from tests.factories import make_article, make_index, make_statement
from tests.helpers import moderator
from wagtail_tuidang import cache as forgiving
from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation import confirmations, redactions
from wagtail_tuidang.statements import cards, routes, search, tallies, transitions
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2025, 3, 10, 12, 0, tzinfo=datetime.UTC)
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
LANGUAGES = ("en", "zh-hans", "zh-hant")


def publish(page, **fields):
    return make_statement(status="published", index_page=page, **fields)[0]


def fill(page, count):
    """``count`` published statements, one a minute back from noon, with
    texts, regions and names of every kind a card shows."""
    statements = [
        Statement(
            index_page=page,
            name=f"名字{i}",
            alias=f"化名{i}" if i % 3 else "",
            is_real_name=i % 5 == 0,
            consent_real_name=i % 10 == 0,
            real_name_confirmed=i % 20 == 0,
            quit_party=True,
            quit_youth_league=i % 2 == 0,
            quit_young_pioneers=i % 7 == 0,
            people_count=1 + i % 4,
            region="gd" if i % 4 else "",
            text=f"第{i}行\n<b>&amp;</b>" if i % 2 else "",
            status=Status.PUBLISHED,
            published_at=NOON - datetime.timedelta(minutes=37 * i),
        )
        for i in range(count)
    ]
    for statement in statements:
        statement.search_text = search.search_text(statement)
    Statement.objects.bulk_create(statements)
    tallies.rebuild(page)
    return statements


def deep_url(client, page):
    """The wall's second page, by its pager link."""
    content = client.get(page.url).text
    start = content.index('rel="next"')
    href = content.rindex('href="', 0, start) + len('href="')
    return page.url + content[href : content.index('"', href)].replace("&amp;", "&")


def wall_urls(client, page):
    return [
        page.url,
        deep_url(client, page),
        page.url + "?region=gd&org=youth_league",
        page.url + "?region=zz",
        page.url + "?day=2025-03-10",
        page.url + "?q=化名",
    ]


def card_of(response, statement):
    content = response.text
    start = content.index(f'id="s-{statement.public_id}"')
    return content[start : content.index("</article>", start)]


def fresh(client, url, language="en"):
    """The page as rendered with no cache at all."""
    with override_settings(CACHES=NO_CACHE):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content


# The same bytes ----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_cached_pages_are_the_bytes_of_pages_rendered_afresh(
    client, index_page, home_page, language
):
    make_article(make_index(home_page), "Newest news", summary="Summary")
    fill(index_page, 120)
    cache.clear()
    for url in wall_urls(client, index_page):
        uncached = fresh(client, url, language)
        written = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content
        read = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content
        assert written == uncached, url
        assert read == uncached, url
    assert b"Newest news" in client.get(index_page.url).content


def test_cards_are_read_from_the_cache_once_written(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE = 10
    fill(index_page, 10)
    cache.clear()
    client.get(index_page.url)
    keys = [cards.card_key(s.pk, "en") for s in Statement.objects.all()]
    assert len(cache.get_many(keys)) == 10

    rendered = []

    def spy(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(spy)
    try:
        client.get(index_page.url)
    finally:
        template_rendered.disconnect(spy)
    assert "wagtail_tuidang/statements/index.html" in rendered
    assert cards.TEMPLATE not in rendered


def test_each_language_has_its_own_cards(client, index_page):
    statement = publish(index_page, region="hk", quit_young_pioneers=True)
    english = card_of(client.get(index_page.url, HTTP_ACCEPT_LANGUAGE="en"), statement)
    chinese = card_of(
        client.get(index_page.url, HTTP_ACCEPT_LANGUAGE="zh-hans"), statement
    )
    assert "Hong Kong" in english and "Hong Kong" not in chinese
    assert card_of(client.get(index_page.url), statement) == english


# A card changes the moment its statement does -------------------------------


def test_an_edited_statement_shows_its_new_words_at_once(client, index_page):
    statement = publish(index_page, text="原来的话")
    assert "原来的话" in client.get(index_page.url).text

    # Any path, even one that sends no signal and purges nothing.
    Statement.objects.filter(pk=statement.pk).update(text="改过的话", people_count=3)

    card = card_of(client.get(index_page.url), statement)
    assert "改过的话" in card and "原来的话" not in card
    assert "<dd>3</dd>" in card


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("region", "hk"),
        ("quit_young_pioneers", True),
        ("declared_on", datetime.date(2020, 1, 2)),
        ("alias", "新化名"),
    ],
)
def test_every_field_a_card_shows_renews_it(client, index_page, field, value):
    statement = publish(index_page, alias="旧化名", is_real_name=True, region="gd")
    before = card_of(client.get(index_page.url), statement)

    Statement.objects.filter(pk=statement.pk).update(**{field: value})

    after = card_of(client.get(index_page.url), statement)
    with override_settings(CACHES=NO_CACHE):
        assert after == card_of(client.get(index_page.url), statement)
    assert after != before


def test_a_withdrawn_consent_shows_the_alias_at_once(client, index_page):
    statement = publish(
        index_page,
        name="真名字",
        alias="化名甲",
        is_real_name=True,
        consent_real_name=True,
        real_name_confirmed=True,
    )
    assert "真名字" in card_of(client.get(index_page.url), statement)

    Statement.objects.filter(pk=statement.pk).update(consent_real_name=False)

    card = card_of(client.get(index_page.url), statement)
    assert "化名甲" in card and "真名字" not in card


def test_a_confirmed_real_name_shows_at_once(
    client, index_page, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_TUIDANG_REAL_NAME_CONFIRMATIONS = 1
    statement = publish(
        index_page,
        name="真名字",
        alias="化名乙",
        is_real_name=True,
        consent_real_name=True,
    )
    assert "化名乙" in card_of(client.get(index_page.url), statement)

    with django_capture_on_commit_callbacks(execute=True):
        confirmations.confirm_real_name(statement, moderator(username="checker"))

    card = card_of(client.get(index_page.url), statement)
    assert "真名字" in card and "化名乙" not in card


def test_a_redaction_shows_at_once_and_forgets_the_old_card(
    client, index_page, django_capture_on_commit_callbacks
):
    statement = publish(index_page, text="我的电话是 12345。我退出。")
    client.get(index_page.url)
    assert cache.get(cards.card_key(statement.pk, "en")) is not None

    with django_capture_on_commit_callbacks(execute=True):
        redactions.redact(statement, "text", "12345", moderator(username="editor"))

    assert cache.get(cards.card_key(statement.pk, "en")) is None
    assert "12345" not in client.get(index_page.url).text


@pytest.mark.parametrize("action", ["take_down", "withdraw"])
def test_a_statement_taken_off_the_wall_vanishes_and_its_cards_are_forgotten(
    client, index_page, django_capture_on_commit_callbacks, action
):
    kept = publish(index_page, name="留下的人")
    gone = publish(index_page, name="离开的人")
    for language in LANGUAGES:
        client.get(index_page.url, HTTP_ACCEPT_LANGUAGE=language)

    with django_capture_on_commit_callbacks(execute=True):
        if action == "take_down":
            transitions.take_down(gone, public_reason="Asked by the author")
        else:
            transitions.withdraw(gone)

    content = client.get(index_page.url).text
    assert "离开的人" not in content and "留下的人" in content
    assert cache.get_many([cards.card_key(gone.pk, code) for code in LANGUAGES]) == {}
    assert cache.get(cards.card_key(kept.pk, "en")) is not None


def test_a_changed_card_template_is_never_read_from_an_older_one(
    client, index_page, monkeypatch
):
    statement = publish(index_page)
    client.get(index_page.url)
    real = cards._source_digest

    monkeypatch.setattr(cards, "_source_digest", lambda source: real(source + "!"))

    # The digest no longer matches: the card is rendered again and rewritten.
    stored = cache.get(cards.card_key(statement.pk, "en"))
    client.get(index_page.url)
    assert cache.get(cards.card_key(statement.pk, "en"))[0] != stored[0]


def test_a_card_template_is_known_by_what_it_includes_too(tmp_path, settings):
    # A site's card template that includes another: editing the included
    # one must make every cached card stale, as editing the card does.
    included = tmp_path / "site_byline.html"
    included.write_text("by {{ statement.name }}")
    (tmp_path / "card.html").write_text('<p>{% include "site_byline.html" %}</p>')
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [tmp_path],
        }
    ]
    engine = engines["django"].engine
    before = cards.fragments.template_text(engine.get_template("card.html"))
    assert "by {{ statement.name }}" in before

    included.write_text("by {{ statement.alias }}")
    engines["django"].engine.template_loaders[0].reset()
    after = cards.fragments.template_text(engine.get_template("card.html"))
    assert after != before


def test_the_cached_digest_is_keyed(client, index_page, settings):
    statement = publish(index_page, name="某人", is_real_name=True)
    client.get(index_page.url)
    first = cache.get(cards.card_key(statement.pk, "en"))[0]

    settings.SECRET_KEY = "another-secret-key-for-this-test-" + "y" * 20
    cache.clear()
    client.get(index_page.url)

    assert cache.get(cards.card_key(statement.pk, "en"))[0] != first


# The news beside the wall --------------------------------------------------------


def test_a_published_article_shows_on_the_wall_at_once(
    client, index_page, home_page, django_capture_on_commit_callbacks
):
    news = make_index(home_page)
    make_article(news, "First news")
    assert "First news" in client.get(index_page.url).text

    draft = make_article(news, "Second news", publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert "Second news" in client.get(index_page.url).text

    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        draft.unpublish()
    assert "Second news" not in client.get(index_page.url).text


# Filters ---------------------------------------------------------------------


def test_a_search_keeps_no_filter_fields_in_the_cache(client, index_page):
    publish(index_page, alias="找到我")
    cache.clear()
    client.get(index_page.url + "?q=找到")

    keys = [
        key for key in cache._cache if "wagtail_tuidang:fragment:wall-filters" in key
    ]
    assert keys == []
    assert 'value="找到"' in client.get(index_page.url + "?q=找到").text


def test_invalid_filters_show_their_errors_from_the_cache_too(client, index_page):
    publish(index_page)
    url = index_page.url + "?region=zz&day=tomorrow"
    first = client.get(url).text
    second = client.get(url).text
    assert first == second
    assert second.count('aria-invalid="true"') == 2


# The cache down -------------------------------------------------------------------


def test_the_wall_renders_every_card_with_the_cache_down(client, index_page, home_page):
    """The production cache backend over a server that is gone: every read a
    miss, every write lost."""
    make_article(make_index(home_page), "News of the day")
    fill(index_page, 60)
    urls = wall_urls(client, index_page)
    expected = [fresh(client, url) for url in urls]

    with override_settings(CACHES=FORGIVING):
        for url, content in zip(urls, expected, strict=True):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.content == content, url


def test_the_wall_renders_when_its_own_cache_calls_raise(
    client, index_page, home_page, monkeypatch
):
    """Even a cache backend that raises: the cards, filter fields and news
    read and write through ``wagtail_tuidang.cache``, which takes a failure
    for a miss."""
    make_article(make_index(home_page), "News of the day")
    fill(index_page, 60)
    urls = wall_urls(client, index_page)
    expected = [fresh(client, url) for url in urls]
    raising = RaisingCache("", {})
    monkeypatch.setattr(forgiving, "_backend", lambda using: raising)

    for url, content in zip(urls, expected, strict=True):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content == content, url


# Queries -------------------------------------------------------------------------


def _queries(client, url):
    # Each request routed alike: a wall's remembered route saves queries of
    # its own (tests/test_submit_route.py), not the caches' business here.
    routes.forget_all()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_cached_cards_and_news_cost_no_query_more(client, index_page, home_page):
    make_article(make_index(home_page), "News")
    fill(index_page, 60)
    cache.clear()
    cold = _queries(client, index_page.url)
    warm = _queries(client, index_page.url)
    with override_settings(CACHES=NO_CACHE):
        uncached = _queries(client, index_page.url)

    assert warm <= cold <= uncached
    # The news (the locale, the articles) is read only on a miss.
    assert warm <= uncached - 2


# {% tuidang_cache %} -------------------------------------------------------------


def render(source, **values):
    return Template("{% load wagtail_tuidang_tags %}" + source).render(Context(values))


def test_a_fragment_is_rendered_once_per_value():
    cache.clear()
    source = '{% tuidang_cache "test" key %}{{ shown }}{% endtuidang_cache %}'
    assert render(source, key=1, shown="a") == "a"
    assert render(source, key=1, shown="b") == "a"
    assert render(source, key=2, shown="b") == "b"


def test_a_fragment_with_a_value_of_none_is_never_cached():
    cache.clear()
    source = '{% tuidang_cache "test" key %}{{ shown }}{% endtuidang_cache %}'
    assert render(source, key=None, shown="a") == "a"
    assert render(source, key=None, shown="b") == "b"


def test_another_template_text_is_another_fragment():
    cache.clear()
    assert render('{% tuidang_cache "t" 1 %}one{% endtuidang_cache %}') == "one"
    assert render('{% tuidang_cache "t" 1 %}two{% endtuidang_cache %}') == "two"


def test_a_fragment_escapes_as_the_template_does():
    cache.clear()
    source = '{% tuidang_cache "t" 1 %}{{ shown }}{% endtuidang_cache %}'
    assert render(source, shown="<b>") == "&lt;b&gt;"
    assert render(source, shown="<i>") == "&lt;b&gt;"


@pytest.mark.parametrize(
    "source",
    [
        "{% tuidang_cache %}x{% endtuidang_cache %}",
        "{% tuidang_cache name %}x{% endtuidang_cache %}",
        '{% tuidang_cache "name" %}x',
    ],
)
def test_a_malformed_fragment_is_a_template_error(source):
    with pytest.raises(TemplateSyntaxError):
        render(source)


# stats/ -----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_cached_statistics_are_the_bytes_rendered_afresh(client, index_page, language):
    fill(index_page, 60)
    url = index_page.url + "stats/"
    uncached = fresh(client, url, language)
    assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).content == uncached
    assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).content == uncached


def test_a_new_statement_reaches_the_cached_charts_at_once(
    client, index_page, django_capture_on_commit_callbacks
):
    url = index_page.url + "stats/"
    before = client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        publish(index_page, people_count=7, region="hk")

    after = client.get(url).text
    assert after != before
    with override_settings(CACHES=NO_CACHE):
        assert client.get(url).text == after
