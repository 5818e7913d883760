"""Translations of a statement wall are one wall (one total, one list, one
baseline), and the wording is offered in the reader's Chinese script.

The pages are translated as ``wagtail.contrib.simple_translation`` does it
(Wagtail's ``copy_for_translation``). The same behaviour with wagtail-localize
is tested in ``TestWagtailLocalize``, which runs under
``tests.settings_locales`` (``make test-locales``).
"""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale, Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import HomePage
from tests.cdn import BATCHES, recording_settings
from tests.helpers import code_in, receipt_url, submission, submit_url
from wagtail_tuidang.models import Statement, StatementTally
from wagtail_tuidang.moderation.filters import StatementFilterSet
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements import purge, tallies, transitions, walls
from wagtail_tuidang.statements.choices import Status
from wagtail_tuidang.statements.forms import StatementForm
from wagtail_tuidang.statements.index_pages import statement_index_pages
from wagtail_tuidang.statements.wording import in_reader_script

pytestmark = pytest.mark.django_db

LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
SIMPLIFIED_WORDING = "本人郑重声明：退出中国共产党及其相关组织。"
TRADITIONAL_WORDING = "本人鄭重聲明：退出中國共產黨及其相關組織。"


@pytest.fixture
def i18n(settings):
    """Wagtail's localisation, as a site enabling simple_translation has it,
    each translation at the address the languages share (as under
    tests.settings_locales; example_site.urls adds prefixes if it is first
    imported while localisation is on)."""
    settings.WAGTAIL_I18N_ENABLED = True
    settings.ROOT_URLCONF = "tests.unprefixed_urls"
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = LANGUAGES


def locale(code):
    return Locale.objects.get_or_create(language_code=code)[0]


@pytest.fixture
def hans_wall(i18n, home_page):
    """A Simplified Chinese site whose wall holds a historical baseline."""
    home = home_page.get_parent().add_child(
        instance=HomePage(title="首页", slug="zh", locale=locale("zh-hans"))
    )
    site = Site.objects.get()
    site.root_page = home
    site.save()
    wall = StatementIndexPage(
        title="退党声明",
        slug="statements",
        baseline_total=455_000_000,
        baseline_date=datetime.date(2025, 12, 31),
        default_statement_text=SIMPLIFIED_WORDING,
    )
    home.add_child(instance=wall)
    return wall


def translate(page, code):
    """A published translation of ``page`` (and of its parents), made the way
    simple_translation makes it."""
    copy = page.copy_for_translation(locale(code), copy_parents=True)
    for ancestor in copy.get_ancestors(inclusive=True).specific():
        if not ancestor.live and ancestor.depth > 1:
            ancestor.save_revision().publish()
    return StatementIndexPage.objects.get(pk=copy.pk)


@pytest.fixture
def hant_wall(hans_wall):
    return translate(hans_wall, "zh-hant")


def read(client, url, language, **kwargs):
    """GET ``url`` as a reader whose browser asks for ``language``."""
    cache.clear()  # as the next reader after the cached figures expired
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language, **kwargs)


def total_on(response):
    match = re.search(
        r'class="td-figures__total"><data class="td-large" value="(\d+)"',
        response.content.decode(),
    )
    assert match, "no total on the page"
    return int(match.group(1))


def names_on(response):
    return re.findall(
        r'class="td-statement__name"><a href="[^"]*">([^<]*)</a>',
        response.content.decode(),
    )


def send(client, page, language, **fields):
    response = client.post(
        submit_url(page), submission(**fields), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return code_in(response)


def publish_sent(name):
    transitions.publish(Statement.objects.get(name=name))


# One wall for every translation --------------------------------------------


def test_the_translation_is_served_in_its_language(client, hans_wall, hant_wall):
    hans = read(client, hans_wall.url, "zh-hans")
    hant = read(client, hant_wall.url, "zh-hant")

    assert hans_wall.url == hant_wall.url
    assert hans.context["page"].pk == hans_wall.pk
    assert hant.context["page"].pk == hant_wall.pk
    assert 'lang="zh-hant"' in hant.content.decode()


def test_a_statement_sent_in_traditional_counts_on_the_simplified_wall(
    client, hans_wall, hant_wall
):
    send(client, hant_wall, "zh-hant", name="繁體讀者", people_count="3")
    publish_sent("繁體讀者")

    assert Statement.objects.get(name="繁體讀者").index_page_id == hans_wall.pk
    assert total_on(read(client, hans_wall.url, "zh-hans")) == 455_000_003
    assert total_on(read(client, hant_wall.url, "zh-hant")) == 455_000_003


def test_a_statement_sent_in_simplified_counts_on_the_traditional_wall(
    client, hans_wall, hant_wall
):
    send(client, hans_wall, "zh-hans", name="简体读者", people_count="2")
    publish_sent("简体读者")

    assert total_on(read(client, hant_wall.url, "zh-hant")) == 455_000_002
    stats = read(client, hant_wall.url + "stats/", "zh-hant")
    assert stats.context["figures"]["total"] == 455_000_002
    assert stats.context["figures"]["today"] == 2


def test_every_translation_lists_and_links_the_same_statements(
    client, hans_wall, hant_wall
):
    send(client, hant_wall, "zh-hant", name="繁體讀者")
    send(client, hans_wall, "zh-hans", name="简体读者")
    publish_sent("繁體讀者")
    publish_sent("简体读者")
    public_id = Statement.objects.get(name="繁體讀者").public_id

    for page, language in ((hans_wall, "zh-hans"), (hant_wall, "zh-hant")):
        wall = read(client, page.url, language)
        assert names_on(wall) == ["简体读者", "繁體讀者"]
        assert wall.context["page"].pk == page.pk
        permalink = read(client, f"{page.url}s/{public_id}/", language)
        assert permalink.status_code == 200
        assert permalink.context["page"].pk == page.pk
        feed = read(client, page.url + "feed/", language).content.decode()
        assert "繁體讀者" in feed
        assert "简体读者" in feed


def test_a_receipt_works_on_every_translation(client, hans_wall, hant_wall):
    code = send(client, hans_wall, "zh-hans", name="撤回者")

    checked = client.post(
        receipt_url(hant_wall), {"code": code}, HTTP_ACCEPT_LANGUAGE="zh-hant"
    )
    assert checked.context["statement"].name == "撤回者"

    withdrawn = client.post(
        receipt_url(hant_wall),
        {"code": code, "action": "withdraw", "confirm": "on"},
        HTTP_ACCEPT_LANGUAGE="zh-hant",
    )
    assert withdrawn.context["withdrawn"]
    assert Statement.objects.get(name="撤回者").status == Status.WITHDRAWN


def test_the_baseline_is_edited_once_and_shown_on_both(client, hans_wall, hant_wall):
    hans_wall.baseline_total = 460_000_000
    hans_wall.save_revision().publish()

    assert total_on(read(client, hans_wall.url, "zh-hans")) == 460_000_000
    hant = read(client, hant_wall.url, "zh-hant")
    assert total_on(hant) == 460_000_000
    baseline = re.search(r'td-figures__baseline">([^<]*)<', hant.content.decode())
    assert re.sub(r"\D", "", baseline.group(1)).startswith("460000000")
    hant_wall.refresh_from_db()
    assert hant_wall.baseline_total == 460_000_000


def test_a_baseline_typed_on_a_translation_is_ignored(
    admin_client, hans_wall, hant_wall
):
    """The translation's editor shows the original's baseline, not editable:
    a figure posted for it anyway changes nothing."""
    url = reverse("wagtailadmin_pages:edit", args=[hant_wall.pk])
    form = admin_client.get(url).context["form"]
    assert form.fields["baseline_total"].disabled
    assert form.initial["baseline_total"] == 455_000_000
    data = nested_form_data(
        {
            "title": "退黨聲明",
            "slug": "statements",
            "intro": rich_text(""),
            "default_statement_text": TRADITIONAL_WORDING,
            "submissions_open": "on",
            "baseline_total": "1",
            "baseline_party": "0",
            "baseline_youth_league": "0",
            "baseline_young_pioneers": "0",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors

    hant_wall.refresh_from_db()
    assert hant_wall.title == "退黨聲明"
    assert hant_wall.baseline_total == 455_000_000
    assert total_on(read(admin_client, hant_wall.url, "zh-hant")) == 455_000_000


def test_a_translation_made_later_shows_what_the_wall_has(client, hans_wall):
    send(client, hans_wall, "zh-hans", name="早到者")
    publish_sent("早到者")

    hant_wall = translate(hans_wall, "zh-hant")

    hant = read(client, hant_wall.url, "zh-hant")
    assert names_on(hant) == ["早到者"]
    assert total_on(hant) == 455_000_002
    assert StatementTally.objects.filter(index_page_id=hant_wall.pk).count() == 0


def test_deleting_the_original_keeps_statements_and_total(client, hans_wall, hant_wall):
    send(client, hans_wall, "zh-hans", name="留存者")
    publish_sent("留存者")
    cache.clear()

    hans_wall.delete()

    statement = Statement.objects.get(name="留存者")
    assert statement.index_page_id == hant_wall.pk
    hant = read(client, hant_wall.url, "zh-hant")
    assert names_on(hant) == ["留存者"]
    assert total_on(hant) == 455_000_002


def test_purges_cover_every_translation(client, hans_wall, hant_wall, settings):
    en_wall = translate(hans_wall, "en")
    en_wall.slug = "statements-en"  # an address of its own
    en_wall.save_revision().publish()
    en_wall.refresh_from_db()
    settings.WAGTAILFRONTENDCACHE = recording_settings()
    send(client, hant_wall, "zh-hant", name="清除者")
    statement = Statement.objects.get(name="清除者")

    purge.purge_statement_urls.call(statement.index_page_id, [statement.public_id])

    assert en_wall.full_url != hant_wall.full_url
    purged = {url for batch in BATCHES for url in batch}
    assert purged == {
        page.full_url + route
        for page in (hans_wall, hant_wall, en_wall)
        for route in (*purge.changing_routes(), f"s/{statement.public_id}/")
    }
    # The routes every publication changes, and the embeds in each style.
    assert {"", "stats/", "feed/atom/", "stats/json/", "embed/badge/"} <= set(
        purge.changing_routes()
    )


def test_the_queue_filter_names_each_wall_once(hans_wall, hant_wall):
    choices = StatementFilterSet().filters["index_page"].queryset
    if callable(choices):
        choices = choices(None)

    assert [page.pk for page in choices] == [hans_wall.pk]
    assert [page.pk for page in statement_index_pages(translations=True)] == [
        hans_wall.pk,
        hant_wall.pk,
    ]


def test_blocks_naming_a_translation_read_the_wall(client, hans_wall, hant_wall):
    from wagtail_tuidang.blocks import LatestStatementsBlock, StatementCounterBlock

    send(client, hans_wall, "zh-hans", name="块读者")
    publish_sent("块读者")

    counter = StatementCounterBlock().get_context({"page": hant_wall})
    latest = LatestStatementsBlock().get_context({"page": hant_wall, "count": 5})

    assert counter["figures"]["total"] == 455_000_002
    assert [s.name for s in latest["statements"]] == ["块读者"]


# The data migration --------------------------------------------------------


def test_the_migration_moves_tallies_and_statements_to_the_wall(hans_wall, hant_wall):
    """Rows stored per translation before walls were shared: a statement and
    two days' tallies on the translation, one day also on the original."""
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    on_hant = Statement.objects.create(
        index_page_id=hant_wall.pk,
        name="旧数据",
        quit_party=True,
        people_count=3,
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    StatementTally.objects.create(
        index_page_id=hans_wall.pk, day=today, statements=1, people=5, people_party=5
    )
    StatementTally.objects.create(
        index_page_id=hant_wall.pk, day=today, statements=1, people=3, people_party=3
    )
    StatementTally.objects.create(
        index_page_id=hant_wall.pk,
        day=yesterday,
        statements=2,
        people=4,
        people_youth_league=4,
    )
    migration = __import__(
        "wagtail_tuidang.migrations.0014_one_wall_across_translations",
        fromlist=["move_to_walls"],
    )

    migration.move_to_walls(apps, None)

    on_hant.refresh_from_db()
    assert on_hant.index_page_id == hans_wall.pk
    rows = StatementTally.objects.order_by("day").values_list(
        "index_page_id", "day", "statements", "people", "people_party"
    )
    assert list(rows) == [
        (hans_wall.pk, yesterday, 2, 4, 0),
        (hans_wall.pk, today, 2, 8, 8),
    ]
    figures = tallies.get_figures(hant_wall)
    assert figures["total"] == 455_000_012
    assert figures["youth_league"] == 4


def test_the_migration_leaves_a_site_without_translations_alone(index_page):
    StatementTally.objects.create(
        index_page_id=index_page.pk, day=timezone.localdate(), people=7
    )
    migration = __import__(
        "wagtail_tuidang.migrations.0014_one_wall_across_translations",
        fromlist=["move_to_walls"],
    )

    migration.move_to_walls(apps, None)

    assert list(StatementTally.objects.values_list("index_page_id", "people")) == [
        (index_page.pk, 7)
    ]


# A site without localisation -----------------------------------------------


def publish_many(page, count):
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    Statement.objects.bulk_create(
        (
            Statement(
                index_page_id=page.pk,
                name=f"批量{i}",
                quit_party=True,
                status=Status.PUBLISHED,
                published_at=noon - datetime.timedelta(minutes=i),
            )
            for i in range(count)
        ),
        batch_size=1000,
    )
    tallies.rebuild(page)


def queries_of(client, url):
    cache.clear()
    # Content types stay cached in a server's process whatever ran before.
    ContentType.objects.get_for_models(
        *[model for model in apps.get_models() if issubclass(model, Page)]
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


#: Queries per route on a site without localisation, as before walls were
#: shared: the same at 10 and at 10,000 statements. The HTML routes read the
#: site's share settings once, for their link preview.
LOOKS_UP_KEY = r'"translation_key"\s*(=|IN)'
#: The wall's one query of its own with localisation: its original's id.
FINDS_ORIGINAL = (
    r'SELECT "wagtailcore_page"\."id"( AS "pk")? FROM "wagtailcore_page" '
    r'WHERE "wagtailcore_page"\."translation_key" ='
)
#: The wall's front page also lists the newest articles: 3 of its 12
#: (restricted paths, the locale, the articles); stats/ reads the regions.
QUERIES_WITHOUT_LOCALISATION = {"": 12, "stats/": 11, "feed/": 7, "submit/": 7}


@pytest.mark.parametrize("route", list(QUERIES_WITHOUT_LOCALISATION))
def test_a_site_without_localisation_makes_the_same_queries(
    client, home_page, route, settings
):
    settings.WAGTAIL_I18N_ENABLED = False  # also under tests.settings_locales
    for size in (10, 10_000):
        page = StatementIndexPage(title=f"Wall {size}", slug=f"wall-{size}")
        home_page.add_child(instance=page)
        publish_many(page, size)

        sql = queries_of(client, page.url + route)

        assert len(sql) == QUERIES_WITHOUT_LOCALISATION[route], sql
        # No look-up of translations (Wagtail's own page query reads the key).
        assert not [query for query in sql if re.search(LOOKS_UP_KEY, query)]


@pytest.mark.parametrize("route", ["", "stats/"])
def test_with_localisation_a_wall_costs_the_same_whatever_its_size(
    client, hans_wall, route
):
    """Wagtail's localisation adds queries of its own (the locale, the
    localised site root); the wall adds one: finding its original."""
    counts = []
    for size in (10, 10_000):
        page = StatementIndexPage(title=f"Wall {size}", slug=f"wall-{size}")
        hans_wall.get_parent().add_child(instance=page)
        translate(page, "zh-hant")
        publish_many(page, size)

        sql = queries_of(client, page.url + route)

        counts.append(len(sql))
        assert len([query for query in sql if re.match(FINDS_ORIGINAL, query)]) == 1
    assert counts[0] == counts[1]


# Wording in the reader's script ---------------------------------------------


def test_the_form_offers_the_wording_in_traditional_to_traditional_readers(
    client, index_page
):
    index_page.default_statement_text = SIMPLIFIED_WORDING
    index_page.save()

    hant = client.get(submit_url(index_page), HTTP_ACCEPT_LANGUAGE="zh-hant")
    hans = client.get(submit_url(index_page), HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = client.get(submit_url(index_page), HTTP_ACCEPT_LANGUAGE="en")

    assert TRADITIONAL_WORDING in hant.content.decode()
    assert SIMPLIFIED_WORDING not in hant.content.decode()
    assert SIMPLIFIED_WORDING in hans.content.decode()
    assert SIMPLIFIED_WORDING in en.content.decode()


def test_wording_written_in_traditional_reaches_simplified_readers(index_page):
    index_page.default_statement_text = TRADITIONAL_WORDING

    with translation.override("zh-hans"):
        assert StatementForm(page=index_page)["text"].initial == SIMPLIFIED_WORDING
    with translation.override("zh-hant"):
        assert StatementForm(page=index_page)["text"].initial == TRADITIONAL_WORDING


def test_the_intro_is_shown_in_the_readers_script(client, index_page):
    index_page.intro = '<p>欢迎<a href="https://example.org/退党">点此</a>发表声明</p>'
    index_page.save()

    hant = client.get(index_page.url, HTTP_ACCEPT_LANGUAGE="zh-hant")

    html = hant.content.decode()
    assert '<p>歡迎<a href="https://example.org/退党">點此</a>發表聲明</p>' in html


def test_traditional_text_is_not_converted_again_for_traditional_readers():
    # 後 and 后 are both Traditional characters: converting Traditional text
    # "to Traditional" again would risk changing such characters.
    text = "皇后之後，聲明如下"

    assert in_reader_script(text, "zh-hant") == text
    assert in_reader_script(text, "zh-tw") == text
    assert in_reader_script(text, "zh-hans") == "皇后之后，声明如下"
    assert in_reader_script(text, "en") == text


def test_a_translated_page_offers_its_own_wording(client, hans_wall, hant_wall):
    hant_wall.default_statement_text = "我以繁體寫成的聲明。"
    hant_wall.save_revision().publish()

    hant = read(client, submit_url(hant_wall), "zh-hant").content.decode()
    hans = read(client, submit_url(hans_wall), "zh-hans").content.decode()

    assert "我以繁體寫成的聲明。" in hant
    assert SIMPLIFIED_WORDING in hans


# wagtail-localize -----------------------------------------------------------


@pytest.mark.skipif(
    not apps.is_installed("wagtail_localize"),
    reason="needs wagtail_localize installed: make test-locales",
)
class TestWagtailLocalize:
    """The same wall translated with wagtail-localize's synchronised
    translations (run with ``--ds=tests.settings_locales``)."""

    @pytest.fixture(autouse=True)
    def _commit_hooks(self, django_capture_on_commit_callbacks):
        # wagtail-localize publishes a translation once its transaction
        # commits; a test's transaction never does.
        self.committed = django_capture_on_commit_callbacks

    def translate(self, page, code):
        from wagtail_localize.operations import translate_object

        for ancestor in page.get_ancestors(inclusive=True).specific()[1:]:
            with self.committed(execute=True):  # one transaction each
                translate_object(ancestor, [locale(code)])
        return StatementIndexPage.objects.get(
            translation_key=page.translation_key, locale=locale(code)
        )

    def test_one_total_list_and_baseline(self, client, hans_wall):
        hant_wall = self.translate(hans_wall, "zh-hant")
        assert hant_wall.live
        send(client, hant_wall, "zh-hant", name="本地化讀者", people_count="4")
        publish_sent("本地化讀者")

        hans_wall.baseline_total = 460_000_000
        hans_wall.save_revision().publish()

        for page, language in ((hans_wall, "zh-hans"), (hant_wall, "zh-hant")):
            wall = read(client, page.url, language)
            assert wall.context["page"].pk == page.pk
            assert total_on(wall) == 460_000_004
            assert names_on(wall) == ["本地化讀者"]

    def test_a_translation_synchronised_again_keeps_the_shared_figures(
        self, client, hans_wall
    ):
        from wagtail_localize.models import Translation

        hant_wall = self.translate(hans_wall, "zh-hant")
        send(client, hans_wall, "zh-hans", name="同步者")
        publish_sent("同步者")
        hans_wall.baseline_total = 1_000
        hans_wall.save_revision().publish()

        with self.committed(execute=True):
            for record in Translation.objects.filter(target_locale=locale("zh-hant")):
                record.source.update_from_db()
                record.save_target(publish=True)

        assert total_on(read(client, hant_wall.url, "zh-hant")) == 1_002
        assert walls.wall_id(hant_wall) == hans_wall.pk


def test_a_featured_page_links_to_the_statement_in_the_readers_language(
    client, hans_wall, hant_wall
):
    from django.template import Context, Template

    hant_wall.slug = "tuidang"
    hant_wall.save_revision().publish()
    hant_wall.refresh_from_db()
    send(client, hans_wall, "zh-hans", name="专题者")
    publish_sent("专题者")
    statement = Statement.objects.get(name="专题者")
    featured = type("Featured", (), {"statement_id": statement.pk})()
    template = Template(
        "{% load wagtail_tuidang_tags %}"
        "{% tuidang_statement_url page as url %}{{ url }}"
    )

    with translation.override("zh-hant"):
        url = template.render(Context({"page": featured}))

    assert url == f"{hant_wall.url}s/{statement.public_id}/"
