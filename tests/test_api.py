"""The read API: published statements through Wagtail's API v2
(``StatementsAPIViewSet``), the ``api_fields`` of the page types, and the
OpenAPI description every JSON route of the plugin answers to."""

import copy
import datetime
import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jsonschema
import pytest
from django.core import signals
from django.db import close_old_connections, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from referencing import Registry, Resource

import wagtail_tuidang
from tests.caches import FORGIVING
from tests.factories import make_private, make_statement
from tests.test_listing import bulk_publish
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements import transitions
from wagtail_tuidang.statements.choices import Region

pytestmark = pytest.mark.django_db

SCHEMAS = Path(wagtail_tuidang.__file__).parent / "schemas"
OPENAPI = json.loads((SCHEMAS / "openapi.json").read_text())
STATS = json.loads((SCHEMAS / "stats.schema.json").read_text())
# The OpenAPI file refers to stats.schema.json beside it, as any reader
# resolving relative references finds it.
OPENAPI_URI = "wagtail-tuidang/openapi.json"
REGISTRY = Registry().with_resources(
    [
        (OPENAPI_URI, Resource.opaque(OPENAPI)),
        (STATS["$id"], Resource.from_contents(STATS)),
    ]
)
API = "/api/v2/statements/"


def validate(document, component):
    """``document`` against one schema of the OpenAPI file's components."""
    schema = {"$ref": f"{OPENAPI_URI}#/components/schemas/{component}"}
    jsonschema.Draft202012Validator(schema, registry=REGISTRY).validate(document)


def get_page(client, url=API, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    document = response.json()
    validate(document, "StatementPage")
    return document


def names(document):
    return [item["name"] for item in document["items"]]


@pytest.fixture
def wall(index_page):
    return index_page


# What an item holds


def test_an_item_holds_what_the_permalink_shows_and_nothing_else(wall, client):
    statement, _code = make_statement(
        "published",
        index_page=wall,
        name="阿华",
        region="hk",
        text="我退出。",
        people_count=3,
        quit_youth_league=True,
        contact="secret-contact@example.invalid",
    )
    (item,) = get_page(client)["items"]
    assert item == {
        "id": statement.public_id,
        "name": "阿华",
        "organisations": ["party", "youth_league"],
        "people_count": 3,
        "region": "hk",
        "region_name": "Hong Kong",
        "declared_on": statement.declared_on.isoformat(),
        "text": "我退出。",
        "published_at": item["published_at"],
        "wall": wall.pk,
        "url": f"http://localhost{wall.url}s/{statement.public_id}/",
    }
    permalink = client.get(urlsplit(item["url"]).path)
    assert permalink.status_code == 200
    assert "阿华" in permalink.content.decode()
    detail = client.get(f"{API}{statement.public_id}/")
    assert detail.json() == item
    validate(detail.json(), "Statement")


def test_a_real_name_not_confirmed_shows_as_the_alias_and_no_contact_shows(
    wall, client
):
    statement, _code = make_statement(
        "published",
        index_page=wall,
        name="真名未确认",
        is_real_name=True,
        consent_real_name=True,
        alias="化名",
        contact="canary-contact@example.invalid",
    )
    assert statement.has_contact
    body = client.get(API).content.decode() + client.get(
        f"{API}{statement.public_id}/"
    ).content.decode("utf-8")
    assert "化名" in body
    assert "真名未确认" not in body
    assert "canary-contact" not in body
    assert "receipt" not in body and "flag" not in body


def test_only_published_statements_of_public_walls_are_listed(wall, home_page, client):
    shown, _code = make_statement("published", index_page=wall, name="公开")
    for status in ("pending", "rejected", "spam", "withdrawn"):
        make_statement(status, index_page=wall, name=f"不公开{status}")
    taken_down, _code = make_statement("published", index_page=wall, name="撤下")
    transitions.take_down(taken_down, public_reason="Asked to.")
    private = StatementIndexPage(title="Private", slug="private")
    home_page.add_child(instance=private)
    make_private(private)
    hidden, _code = make_statement("published", index_page=private, name="私密墙")
    draft = StatementIndexPage(title="Draft", slug="draft", live=False)
    home_page.add_child(instance=draft)
    make_statement("published", index_page=draft, name="草稿墙")

    assert names(get_page(client)) == ["公开"]
    for statement in (hidden, taken_down):
        assert client.get(f"{API}{statement.public_id}/").status_code == 404
    response = client.get(API, {"wall": private.pk})
    assert response.status_code == 400


# Keyset pagination


def test_a_cursor_walk_gives_every_statement_once_newest_first(wall, client):
    made = bulk_publish(wall, 23)
    seen, url, pages = [], API + "?limit=5", 0
    while url:
        document = get_page(client, url)
        seen.extend(item["id"] for item in document["items"])
        url = document["meta"]["next"]
        pages += 1
    assert pages == 5
    assert seen == [statement.public_id for statement in made]
    assert len(set(seen)) == 23


def test_previous_leads_back_to_the_page_before(wall, client):
    bulk_publish(wall, 12)
    first = get_page(client, API + "?limit=5")
    second = get_page(client, first["meta"]["next"])
    assert first["meta"]["previous"] is None
    assert get_page(client, second["meta"]["previous"])["items"] == first["items"]


def test_pages_are_read_without_offset_in_a_constant_number_of_queries(
    home_page, client
):
    counts = {}
    for size in (10, 1000):
        page = StatementIndexPage(title=f"Wall {size}", slug=f"wall-{size}")
        home_page.add_child(instance=page)
        bulk_publish(page, size)
        first = get_page(client, API, wall=str(page.pk), limit="4")
        with CaptureQueriesContext(connection) as queries:
            deep = get_page(client, first["meta"]["next"])
        assert len(deep["items"]) == 4
        sql = " ".join(query["sql"].upper() for query in queries.captured_queries)
        assert "OFFSET" not in sql
        assert "COUNT(" not in sql
        counts[size] = len(queries.captured_queries)
    assert counts[10] == counts[1000]


def test_a_listing_costs_the_same_with_10_or_1000_statements_on_one_page(
    home_page, client
):
    counts = {}
    for size in (10, 1000):
        page = StatementIndexPage(title=f"Wall {size}", slug=f"wall-{size}")
        home_page.add_child(instance=page)
        bulk_publish(page, size)
        get_page(client, API, wall=str(page.pk), limit="1")
        with CaptureQueriesContext(connection) as queries:
            document = get_page(client, API, wall=str(page.pk), limit="100")
        assert len(document["items"]) == min(size, 100)
        counts[size] = len(queries.captured_queries)
    assert counts[10] == counts[1000]


# Filters


def test_filters_by_wall_region_and_organisation(wall, home_page, client):
    other = StatementIndexPage(title="Other", slug="other")
    home_page.add_child(instance=other)
    make_statement("published", index_page=wall, name="广东党", region="gd")
    make_statement(
        "published",
        index_page=wall,
        name="北京团",
        region="bj",
        quit_party=False,
        quit_youth_league=True,
    )
    make_statement("published", index_page=other, name="别处", region="gd")

    assert set(names(get_page(client))) == {"广东党", "北京团", "别处"}
    assert set(names(get_page(client, wall=str(wall.pk)))) == {"广东党", "北京团"}
    assert set(names(get_page(client, region="gd"))) == {"广东党", "别处"}
    assert names(get_page(client, organisation="youth_league")) == ["北京团"]
    assert names(get_page(client, wall=str(other.pk), region="gd")) == ["别处"]
    assert names(get_page(client, wall=str(wall.pk), region="xz")) == []


@pytest.mark.parametrize(
    "query",
    [
        {"cursor": "garbage"},
        {"cursor": "A" * 44},
        {"cursor": ""},
        {"limit": "0"},
        {"limit": "101"},
        {"limit": "ten"},
        {"limit": "٣"},
        {"wall": "999999"},
        {"wall": "-1"},
        {"region": "zz"},
        {"region": ""},
        {"organisation": "politburo"},
        {"offset": "50"},
        {"page": "2"},
    ],
)
def test_a_bad_parameter_is_a_400_with_a_message(wall, client, query):
    make_statement("published", index_page=wall)
    response = client.get(API, query)
    assert response.status_code == 400
    validate(response.json(), "Error")
    assert response.json()["message"]


@pytest.mark.parametrize("public_id", ["no-such-id", "a%00b", "x" * 200, "名字"])
def test_an_unknown_statement_is_a_404(wall, client, public_id):
    make_statement("published", index_page=wall)
    response = client.get(f"{API}{public_id}/")
    assert response.status_code == 404
    validate(response.json(), "Error")
    # The database still answers: nothing above broke the transaction.
    assert client.get(API).status_code == 200


def test_a_client_over_the_rate_limit_gets_a_429_with_retry_after(
    wall, client, settings
):
    settings.WAGTAIL_TUIDANG_RATELIMIT_API = 3
    for _request in range(3):
        assert client.get(API).status_code == 200
    response = client.get(API)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    validate(response.json(), "Error")
    other = client.get(API, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200


def test_the_api_answers_with_the_cache_down(wall, client, settings):
    make_statement("published", index_page=wall, name="缓存故障")
    settings.WAGTAIL_TUIDANG_RATELIMIT_API = 1
    with override_settings(CACHES=FORGIVING):
        for _request in range(3):
            assert names(get_page(client)) == ["缓存故障"]


def test_responses_are_public_and_readable_from_any_origin(wall, client):
    make_statement("published", index_page=wall)
    response = client.get(API)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    assert not response.cookies


# api_fields of the page types


def test_the_pages_endpoint_gives_a_walls_figures_and_intro(wall, client):
    make_statement("published", index_page=wall, people_count=2)
    response = client.get(
        "/api/v2/pages/",
        {"type": "wagtail_tuidang_pages.StatementIndexPage", "fields": "*"},
    )
    (item,) = response.json()["items"]
    assert item["baseline_total"] == 455_000_000
    assert item["figures"]["total"] == 455_000_002
    assert item["figures"]["statements"] == 1
    assert "intro" in item
    assert "contact" not in json.dumps(item)


def test_the_pages_endpoint_gives_an_articles_byline_tags_and_body(home_page, client):
    from tests.factories import body, make_article, make_index
    from wagtail_tuidang.models import Author

    news = make_index(home_page)
    lin, chen = (Author.objects.create(name=name) for name in ("Lin Wei", "Chen Yu"))
    make_article(
        news,
        "A report",
        tags=["Hong Kong"],
        authors=[lin, chen],
        summary="Short.",
        body=body(("paragraph", "<p>Words.</p>")),
    )
    response = client.get(
        "/api/v2/pages/",
        {"type": "wagtail_tuidang_pages.ArticlePage", "fields": "*"},
    )
    (item,) = response.json()["items"]
    assert item["title"] == "A report"
    assert item["summary"] == "Short."
    assert item["authors"] == [{"name": "Lin Wei"}, {"name": "Chen Yu"}]
    assert item["tags"] == ["Hong Kong"]
    assert item["body"][0]["type"] == "paragraph"
    assert "Words." in item["body"][0]["value"]


# The OpenAPI description


def test_the_openapi_file_lists_every_region_and_organisation():
    schemas = OPENAPI["components"]["schemas"]
    assert schemas["Region"]["enum"] == [code for code in Region.values if code]
    assert set(schemas["Organisation"]["enum"]) == {
        "party",
        "youth_league",
        "young_pioneers",
    }
    assert OPENAPI["openapi"].startswith("3.1")


def test_stats_json_answers_to_the_openapi_file(wall, client):
    make_statement("published", index_page=wall, region="gd")
    response = client.get(wall.url + "stats/json/", {"days": "7"})
    stats = OPENAPI["paths"]["/stats/json/"]["get"]["responses"]["200"]
    schema = stats["content"]["application/json"]["schema"]
    validator = jsonschema.Draft202012Validator(
        {"$ref": urljoin(OPENAPI_URI, schema["$ref"])}, registry=REGISTRY
    )
    validator.validate(response.json())
    bad = client.get(wall.url + "stats/json/", {"days": "0"})
    assert bad.status_code == 400
    jsonschema.validate(bad.json(), {"type": "object", "required": ["error"]})


def mounted(document, wall_path, api_path):
    """The OpenAPI file with its paths below this site's wall and API root,
    and stats.schema.json in its components, for a loader that reads one
    document."""
    document = copy.deepcopy(document)
    paths = {}
    for path, item in document["paths"].items():
        item.pop("servers", None)
        prefix = wall_path if path.startswith("/stats/") else api_path
        paths[prefix.rstrip("/") + path] = item
    document["paths"] = paths
    stats = copy.deepcopy(STATS)
    definitions = stats.pop("$defs")
    for key in ("$schema", "$id"):
        stats.pop(key)
    text = json.dumps(stats).replace('"#/$defs/', '"#/components/schemas/Stats_')
    schemas = document["components"]["schemas"]
    schemas["Stats"] = json.loads(text)
    for name, definition in definitions.items():
        schemas[f"Stats_{name}"] = definition
    text = json.dumps(document).replace(
        '"stats.schema.json"', '"#/components/schemas/Stats"'
    )
    return json.loads(text)


def test_the_mounted_description_keeps_every_operation():
    document = mounted(OPENAPI, "/statements/", "/api/v2/")
    assert set(document["paths"]) == {
        "/statements/stats/json/",
        "/api/v2/statements/",
        "/api/v2/statements/{id}/",
    }
    assert "stats.schema.json" not in json.dumps(document)


@pytest.mark.usefixtures("_keep_the_test_connection")
def test_property_based_run_finds_no_server_error_and_no_nonconforming_answer(
    wall, client, settings
):
    """schemathesis sends generated requests to every operation through WSGI:
    none may be a 5xx, and every answer must match the description."""
    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings
    from schemathesis.checks import not_a_server_error, response_schema_conformance

    settings.WAGTAIL_TUIDANG_RATELIMIT_API = 10_000
    for region in ("gd", "bj", ""):
        make_statement("published", index_page=wall, region=region)
    schema = schemathesis.openapi.from_dict(mounted(OPENAPI, wall.url, "/api/v2/"))
    schema.app = get_wsgi_application()
    checks = [not_a_server_error, response_schema_conformance]
    statuses = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis_settings(
            max_examples=15,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers={"Host": "localhost"})
            statuses.append(response.status_code)
            case.validate_response(response, checks=checks)

        run()
    assert 200 in statuses and 400 in statuses


@pytest.fixture
def _keep_the_test_connection():
    """Keep Django from closing the database connection at the end of each
    WSGI request, as its test client does: on PostgreSQL that would end the
    test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_a_cursor_from_another_secret_key_is_a_400(wall, client, settings):
    bulk_publish(wall, 3)
    next_url = get_page(client, API + "?limit=1")["meta"]["next"]
    settings.SECRET_KEY = "another-secret-key-" + "y" * 40
    assert client.get(next_url).status_code == 400


def test_statements_published_at_one_instant_are_each_given_once(wall, client):
    made = bulk_publish(wall, 6)
    instant = datetime.datetime(2025, 3, 10, 12, tzinfo=datetime.UTC)
    Statement.objects.filter(pk__in=[s.pk for s in made]).update(published_at=instant)
    seen, url = [], API + "?limit=4"
    while url:
        document = get_page(client, url)
        seen.extend(item["id"] for item in document["items"])
        url = document["meta"]["next"]
    assert sorted(seen) == sorted(statement.public_id for statement in made)
