"""StreamField blocks (counter, latest statements, featured statement, form)
and the featured statement page."""

import datetime

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from tests.factories import StatementPageFactory, make_statement
from tests.testapp.models import CampaignStatementWall
from wagtail_tuidang.blocks import (
    FeaturedStatementBlock,
    LatestStatementsBlock,
    StatementCounterBlock,
    StatementFormBlock,
    StatementIndexChooserBlock,
    StatementPageChooserBlock,
)
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage, StatementPage
from wagtail_tuidang.specific import fetch_specific
from wagtail_tuidang.statements import transitions

pytestmark = pytest.mark.django_db

CANARY = "canary-contact-5b1f@example.invalid"


@pytest.fixture
def request_(rf, home_page):
    """A request as routing leaves it: its site found, site roots cached."""
    request = rf.get("/")
    request._wagtail_site = home_page.get_site()
    home_page.get_url(request)
    return request


@pytest.fixture
def wall(home_page):
    """A wall built from the mixin on a site's own base page."""
    page = CampaignStatementWall(title="Campaign wall", slug="wall")
    return home_page.add_child(instance=page)


@pytest.fixture
def featured(home_page):
    photo = wagtail_factories.ImageFactory(title="Portrait")
    page = StatementPageFactory(
        parent=home_page,
        title="Why I quit",
        display_name="明心",
        photo=photo,
        body="<p>I was a member for <b>twenty</b> years &amp; more.</p>",
        quit_party=True,
        declared_on=datetime.date(2026, 3, 1),
    )
    return page


def render(block, raw, request, max_queries=2):
    """Render ``block`` from its stored form as a page would (converting the
    stored JSON, then rendering), asserting the number of queries."""
    with CaptureQueriesContext(connection) as queries:
        value = block.to_python(raw)
        html = block.render(value, {"request": request, "page": None})
    assert len(queries) <= max_queries, [q["sql"] for q in queries.captured_queries]
    return html


def publish(page, **fields):
    return make_statement(status="published", index_page=page, **fields)[0]


# Choosing pages.


def test_the_choosers_offer_every_page_type_built_from_the_mixin():
    assert set(StatementIndexChooserBlock().target_models) == {
        StatementIndexPage,
        CampaignStatementWall,
    }
    narrowed = StatementIndexChooserBlock(page_type="testapp.CampaignStatementWall")
    assert narrowed.target_models == [CampaignStatementWall]


def test_a_page_of_another_type_is_refused(home_page, index_page):
    block = StatementIndexChooserBlock()
    with pytest.raises(ValidationError):
        block.clean(home_page)
    assert block.clean(index_page) == index_page


def test_pages_of_several_types_come_specific_in_one_query(
    index_page, wall, featured, django_assert_num_queries
):
    models = [StatementIndexPage, CampaignStatementWall, StatementPage]
    with django_assert_num_queries(1):
        found = fetch_specific(models, [index_page.pk, wall.pk, featured.pk])
        assert type(found[index_page.pk]) is StatementIndexPage
        assert found[index_page.pk].baseline_total == 455_000_000
        assert type(found[wall.pk]) is CampaignStatementWall
        assert found[wall.pk].url_path == wall.url_path
        assert found[featured.pk].featured_name == "明心"


def test_a_missing_or_deleted_page_renders_nothing(request_, index_page):
    block = StatementCounterBlock()
    assert render(block, {"page": 999_999}, request_).strip() == ""
    index_page.unpublish()
    assert render(block, {"page": index_page.pk}, request_).strip() == ""


# Keeping the chosen page: ids come stored (int) or posted (str).


@pytest.mark.parametrize("as_", [int, str])
def test_a_page_id_as_stored_or_posted_comes_back_as_the_page(as_, index_page, wall):
    block = StatementIndexChooserBlock()
    chosen = block.to_python(as_(wall.pk))
    assert chosen == wall
    assert type(chosen) is CampaignStatementWall
    assert block.get_prep_value(chosen) == wall.pk
    assert block.get_prep_value(as_(wall.pk)) == wall.pk


def test_pages_convert_in_bulk_keeping_order_and_gaps(
    index_page, wall, django_assert_num_queries
):
    block = StatementIndexChooserBlock()
    ids = [str(wall.pk), index_page.pk, None, "", "not-an-id", 999_999, wall.pk]
    with django_assert_num_queries(1):
        pages = block.bulk_to_python(ids)
    assert pages == [wall, index_page, None, None, None, None, wall]
    assert pages[0] is not pages[-1]
    assert [block.get_prep_value(page) for page in pages] == [
        wall.pk,
        index_page.pk,
        None,
        None,
        None,
        None,
        wall.pk,
    ]


def test_a_page_set_in_code_by_id_or_instance_is_the_page(index_page, wall):
    block = StatementCounterBlock()
    assert block.normalize({"page": wall.pk})["page"] == wall
    assert block.normalize({"page": index_page})["page"] is index_page


def test_the_editor_posts_the_id_as_a_string_and_keeps_the_page(index_page):
    block = StatementCounterBlock()
    data = {"counter-heading": "", "counter-page": str(index_page.pk)}
    value = block.clean(block.value_from_datadict(data, {}, "counter"))
    assert value["page"] == index_page
    assert block.get_prep_value(value)["page"] == index_page.pk
    assert block.get_form_state(value)["page"]["id"] == index_page.pk


def test_a_deleted_page_empties_the_chooser_and_publishing_asks_for_one(
    request_, home_page, wall
):
    block = StatementCounterBlock()
    stored = block.get_prep_value(block.to_python({"page": str(wall.pk)}))
    wall.delete()
    value = block.to_python(stored)
    assert value["page"] is None
    assert render(block, stored, request_).strip() == ""
    # The editor shows an empty chooser, and publishing asks for a page.
    assert block.get_form_state(value)["page"] is None
    with pytest.raises(ValidationError):
        block.clean(value)


def test_an_unpublished_page_stays_chosen_but_is_not_shown(request_, index_page):
    block = StatementCounterBlock()
    index_page.unpublish()
    value = block.to_python({"page": str(index_page.pk)})
    assert value["page"] == index_page
    assert block.get_form_state(value)["page"]["adminTitle"].startswith("Statements")
    assert render(block, {"page": index_page.pk}, request_).strip() == ""


def test_blocks_chosen_in_the_page_editor_are_published(
    admin_client, home_page, index_page, featured
):
    """The page editor's own form: ids are posted as strings, saved, and the
    blocks show on the live page."""
    data = nested_form_data(
        {
            "title": "Home",
            "slug": "home",
            "intro": rich_text(""),
            "body": streamfield(
                [
                    (
                        "statement_counter",
                        {
                            "heading": "",
                            "page": str(index_page.pk),
                            "show_organisations": "on",
                        },
                    ),
                    (
                        "latest_statements",
                        {"heading": "Newest", "page": str(index_page.pk), "count": "3"},
                    ),
                    ("featured_statement", {"page": str(featured.pk)}),
                    ("statement_form", {"heading": "Quit", "page": str(index_page.pk)}),
                ]
            ),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    url = reverse("wagtailadmin_pages:edit", args=[home_page.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    home_page.refresh_from_db()
    assert [block.value["page"] for block in home_page.body] == [
        index_page,
        index_page,
        featured,
        index_page,
    ]
    publish(index_page, name="首页可见")
    html = admin_client.get(home_page.url).text
    assert "455,000,001" in html and "首页可见" in html and "明心" in html
    assert 'action="/statements/submit/"' in html


# Counter.


@pytest.mark.parametrize("wall_fixture", ["index_page", "wall"])
def test_the_counter_shows_the_total_and_each_organisation(
    request, request_, wall_fixture
):
    page = request.getfixturevalue(wall_fixture)
    publish(page, people_count=3, quit_youth_league=True)
    raw = {"heading": "Quitting together", "page": page.pk, "show_organisations": True}
    html = render(StatementCounterBlock(), raw, request_)
    total = "455,000,003" if wall_fixture == "index_page" else "3"
    assert f">{total}</data>" in html
    assert "Quitting together" in html
    assert 'Communist Youth League</dt><dd><data value="3">3</data>' in html
    assert f'href="{page.url}stats/"' in html


def test_the_counter_can_hide_the_organisations(request_, index_page):
    raw = {"page": index_page.pk, "show_organisations": False}
    html = render(StatementCounterBlock(), raw, request_)
    assert "455,000,000" in html
    assert "Young Pioneers" not in html


# Latest statements.


def test_latest_statements_shows_the_newest_published_public_names(
    request_, index_page
):
    publish(index_page, name="最早")
    publish(index_page, name="第二")
    publish(
        index_page,
        name="王真名",
        is_real_name=True,
        alias="小王",
        consent_real_name=True,
    )
    make_statement(index_page=index_page, status="pending", name="待审")
    make_statement(index_page=index_page, status="rejected", name="退回")
    raw = {"page": index_page.pk, "count": 2, "heading": "Latest"}
    html = render(LatestStatementsBlock(), raw, request_)
    assert "小王" in html and "第二" in html
    for hidden in ("王真名", "最早", "待审", "退回"):
        assert hidden not in html
    assert f'href="{index_page.url}"' in html


def test_latest_statements_never_show_contact_details(request_, index_page):
    publish(index_page, contact=CANARY)
    html = render(
        LatestStatementsBlock(), {"page": index_page.pk, "count": 5}, request_
    )
    assert CANARY not in html
    assert "化名" in html


def test_latest_statements_count_is_validated_and_clamped(index_page):
    block = LatestStatementsBlock()
    for count in (0, 51):
        with pytest.raises(ValidationError):
            block.clean(block.to_python({"page": index_page.pk, "count": count}))
    Statement.objects.bulk_create(
        Statement(
            index_page=index_page,
            name=f"名{i}",
            quit_party=True,
            status="published",
            published_at=timezone.now(),
        )
        for i in range(55)
    )
    # A stored value that bypassed validation (an import, an old revision).
    assert len(block.get_statements(index_page, 500)) == 50
    assert len(block.get_statements(index_page, -3)) == 1
    assert len(block.get_statements(index_page, "many")) == 5


def test_latest_statements_on_an_empty_wall(request_, index_page):
    html = render(
        LatestStatementsBlock(), {"page": index_page.pk, "count": 5}, request_
    )
    assert "No statements have been published yet." in html


# Featured statement.


def test_the_featured_statement_shows_name_photo_excerpt_and_link(request_, featured):
    block = FeaturedStatementBlock()
    render(
        block, {"page": featured.pk}, request_, max_queries=10
    )  # makes the rendition
    html = render(block, {"page": featured.pk}, request_)
    assert "明心" in html
    assert "I was a member for twenty years &amp; more." in html
    assert "<b>" not in html
    assert 'class="td-featured__photo"' in html and "fill-320x320" in html
    assert f'href="{featured.url}"' in html


def test_a_featured_page_without_photo_or_story(request_, home_page):
    page = StatementPageFactory(parent=home_page, title="Only a title")
    html = render(FeaturedStatementBlock(), {"page": page.pk}, request_)
    assert "Only a title" in html
    assert "<img" not in html


def test_a_draft_featured_page_is_not_shown(request_, featured):
    featured.unpublish()
    html = render(FeaturedStatementBlock(), {"page": featured.pk}, request_)
    assert html.strip() == ""


# Statement form.


def test_the_form_block_posts_to_the_wall_with_csrf_and_anti_spam(request_, index_page):
    html = render(StatementFormBlock(), {"page": index_page.pk}, request_)
    assert f'action="{index_page.url}submit/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="website"' in html and 'name="rendered"' in html
    assert index_page.default_statement_text in html


def test_the_form_block_of_a_closed_wall_says_so(request_, index_page):
    index_page.submissions_open = False
    index_page.save()
    html = render(StatementFormBlock(), {"page": index_page.pk}, request_)
    assert "<form" not in html
    assert "not accepting new statements" in html


def test_a_statement_sent_from_the_form_block_waits_for_moderation(
    client, home_page, index_page
):
    home_page.body = [("statement_form", {"page": index_page, "heading": "Quit"})]
    home_page.save()
    form_page = client.get("/").text
    assert 'name="csrfmiddlewaretoken"' in form_page
    response = client.post(
        f"{index_page.url}submit/",
        {"name": "从首页", "organisations": ["party"], "people_count": 1},
    )
    assert response.status_code == 200
    statement = Statement.objects.get(name="从首页")
    assert statement.status == "pending"


# All four on a page.


def test_the_home_page_shows_all_four_blocks(client, home_page, index_page, featured):
    publish(index_page, name="首页可见", contact=CANARY)
    home_page.body = [
        ("statement_counter", {"page": index_page, "show_organisations": True}),
        ("latest_statements", {"page": index_page, "count": 5}),
        ("featured_statement", {"page": featured}),
        ("statement_form", {"page": index_page}),
    ]
    home_page.save()
    client.get("/")  # site roots, renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    html = response.text
    assert "455,000,001" in html and "首页可见" in html and "明心" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert CANARY not in html
    # Routing (4), the chosen page once per block type (4), the statements
    # (1), the example home page's newest articles (the locale and the
    # articles: 2); the figures, the share settings and the photo's rendition
    # are cached by now.
    assert len(queries) <= 11


# The featured statement page itself.


def test_a_featured_page_with_a_title_alone(client, home_page):
    page = StatementPageFactory(parent=home_page, title="Anonymous story")
    response = client.get(page.url)
    assert response.status_code == 200
    assert "<h1>Anonymous story</h1>" in response.text
    assert "Quits" not in response.text and "<img" not in response.text


def test_a_featured_page_with_every_field_links_its_statement(
    client, index_page, featured
):
    statement = publish(index_page, name="明心")
    featured.statement = statement
    featured.quit_youth_league = True
    featured.save()
    html = client.get(featured.url).text
    assert "明心" in html and "<b>twenty</b>" in html
    assert "Chinese Communist Party, Communist Youth League" in html
    assert 'datetime="2026-03-01"' in html
    assert "fill-480x480" in html
    assert f'href="{index_page.url}s/{statement.public_id}/"' in html


def test_a_featured_page_does_not_link_a_withdrawn_statement(
    client, index_page, featured
):
    statement = publish(index_page)
    featured.statement = statement
    featured.save()
    transitions.withdraw(statement)
    html = client.get(featured.url).text
    assert statement.public_id not in html


def test_blocks_render_outside_a_request(index_page):
    # Previews, exports and search indexing may render a block without one.
    statement = publish(index_page, name="无请求")
    counter, latest, form = (
        block.render(block.to_python(raw))
        for block, raw in (
            (StatementCounterBlock(), {"page": index_page.pk}),
            (LatestStatementsBlock(), {"page": index_page.pk, "count": 1}),
            (StatementFormBlock(), {"page": index_page.pk}),
        )
    )
    assert "455,000,001" in counter
    assert f"{index_page.url}s/{statement.public_id}/" in latest
    # No request, no CSRF token: a form would be refused, so a link instead.
    assert "<form" not in form
    assert f'<a href="{index_page.url}submit/">Submit a statement</a>' in form


def test_a_chooser_speaks_each_editors_language_whoever_opened_one_first():
    """Wagtail's chooser fixes its label in the language it was built in: an
    editor in Chinese must not leave the next editor a Chinese chooser."""
    block = StatementPageChooserBlock()
    with translation.override("zh-hans"):
        chinese = block.field.widget.choose_one_text
    with translation.override("en"):
        english = block.field.widget.choose_one_text
    assert "选择" in chinese
    assert english.startswith("Choose a page")
