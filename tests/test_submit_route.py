"""What a submission costs, and the remembered route of submit/: cheap, yet
never serving a wall that was unpublished, moved, restricted or belongs to
another site."""

import time

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from tests.caches import FAKE_REDIS, FORGIVING, FakeRedis
from tests.factories import make_private, make_statement
from tests.helpers import aged_token, code_in, solved_proof, submission, submit_url
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements import routes
from wagtail_tuidang.statements.models import SpentToken

pytestmark = pytest.mark.django_db


def send(client, page, **extra):
    return client.post(submit_url(page), submission(**extra))


@pytest.mark.parametrize("proven", [False, True], ids=["no proof", "solved proof"])
def test_a_submission_costs_few_queries_once_its_route_is_known(
    client, index_page, django_assert_num_queries, proven
):
    send(client, index_page, name="First")  # routed by Wagtail, then remembered
    send(client, index_page, name="Warm")  # its site and wall, then kept
    proof = {"altcha": solved_proof()} if proven else {}
    # One query asks both whether the statement is a possible duplicate
    # and whether the render token or the challenge was spent during a
    # cache outage; then the INSERT, and here the savepoint around it (a
    # test runs in a transaction; a request in autocommit has none). The
    # site and the wall (with whether any view restriction applies) come
    # from the cache; the answer to a POST has no link-preview metadata.
    with django_assert_num_queries(4):
        response = send(client, index_page, name="Second", **proof)
    assert code_in(response)
    second = Statement.objects.get(name="Second")
    assert second.flag_no_proof is not proven and not second.flag_replayed
    assert Statement.objects.count() == 3


def test_a_submission_takes_two_redis_round_trips(
    client, index_page, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = FAKE_REDIS
    FakeRedis.reset()
    send(client, index_page, name="First")  # routed by Wagtail, then remembered
    send(client, index_page, name="Second")  # its site, then kept in the cache
    FakeRedis.round_trips.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, index_page, name="Third", altcha=solved_proof())

    assert code_in(response)
    assert sorted(FakeRedis.round_trips) == sorted(
        [
            # The site of the host (with Wagtail's site root paths) and the
            # wall, with the generations they are kept at.
            ("MGET",),
            # One MULTI: the moderation queue's counts dropped and at most
            # one digest per interval; the limits of the address, its /24
            # and everyone, whether the pending queue is over its ceiling,
            # and the form's render token and its solved challenge, each
            # spent. Nothing follows the commit.
            ("DEL", "DEL", "SET NX")
            + ("SET NX", "INCRBY", "SET NX", "INCRBY", "SET NX", "INCRBY")
            + ("GET", "SET NX", "SET NX"),
        ]
    )
    assert not Statement.objects.get(name="Third").flag_replayed


def test_a_separate_rate_limit_cache_tells_moderators_after_the_commit(
    client, index_page, settings, django_capture_on_commit_callbacks
):
    # Calls to two caches cannot share a round trip: the moderation
    # queue's calls follow the commit, on the default cache, as for a
    # statement stored any other way.
    settings.CACHES = {**FAKE_REDIS, "ratelimit": FAKE_REDIS["default"]}
    settings.WAGTAIL_TUIDANG_RATELIMIT_CACHE = "ratelimit"
    FakeRedis.reset()
    send(client, index_page, name="First")
    send(client, index_page, name="Second")
    FakeRedis.round_trips.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, index_page, name="Third", altcha=solved_proof())

    assert code_in(response)
    assert ("DEL", "DEL", "SET NX") in FakeRedis.round_trips
    assert len(FakeRedis.round_trips) == 3


def test_a_replayed_form_and_proof_are_flagged_from_the_one_round_trip(
    client, index_page, settings
):
    settings.CACHES = FAKE_REDIS
    FakeRedis.reset()
    token, proof = aged_token(), solved_proof()
    send(client, index_page, name="First", rendered=token, altcha=proof)
    response = send(client, index_page, name="Second", rendered=token, altcha=proof)

    assert code_in(response)  # stored and acknowledged, for a moderator to see
    first, second = Statement.objects.order_by("pk")
    assert not first.flag_replayed and second.flag_replayed
    assert not second.flag_no_proof and not second.flag_rate_limit_unknown


def test_a_resend_on_a_remembered_route_is_stored_once(client, index_page):
    send(client, index_page, name="First")
    data = submission(name="Second", altcha=solved_proof())

    first = client.post(submit_url(index_page), data)
    again = client.post(submit_url(index_page), data)

    assert code_in(first)
    assert again.status_code == 200
    assert "td-receipt--again" in again.text and "td-receipt__code" not in again.text
    assert Statement.objects.filter(name="Second").count() == 1


def test_the_rate_limit_still_flags_in_one_round_trip(client, index_page, settings):
    settings.CACHES = FAKE_REDIS
    settings.WAGTAIL_TUIDANG_RATELIMIT_SUBMISSIONS = 1
    FakeRedis.reset()

    send(client, index_page, name="First")
    send(client, index_page, name="Second")

    first, second = Statement.objects.order_by("pk")
    assert not first.flag_rate_limited
    assert second.flag_rate_limited and not second.flag_rate_limit_unknown


def test_an_unpublished_wall_takes_no_statement(client, index_page):
    send(client, index_page, name="First")
    index_page.unpublish()

    response = send(client, index_page, name="Second")

    assert response.status_code == 404
    assert Statement.objects.count() == 1


def test_a_moved_wall_is_found_at_its_new_address_only(client, index_page):
    old_url = submit_url(index_page)
    send(client, index_page, name="First")
    index_page.slug = "quit"
    index_page.save_revision().publish()
    index_page.refresh_from_db()

    assert client.post(old_url, submission(name="Second")).status_code == 404
    assert code_in(send(client, index_page, name="Third"))
    assert sorted(Statement.objects.values_list("name", flat=True)) == [
        "First",
        "Third",
    ]


def test_a_wall_made_private_asks_for_a_login(client, index_page):
    send(client, index_page, name="First")
    make_private(index_page)

    response = send(client, index_page, name="Second")

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert Statement.objects.count() == 1


def test_a_private_ancestor_is_respected_too(client, index_page, home_page):
    send(client, index_page, name="First")
    make_private(home_page)

    assert send(client, index_page, name="Second").status_code == 302
    assert Statement.objects.count() == 1


def test_each_site_gets_its_own_wall_at_the_same_path(client, index_page, home_page):
    other_home = home_page.get_parent().add_child(
        instance=home_page.__class__(title="Other", slug="other-home")
    )
    other_wall = other_home.add_child(
        instance=StatementIndexPage(title="Statements", slug="statements")
    )
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    path = submit_url(index_page)

    for name in ("A", "B"):
        client.post(path, submission(name=f"{name} here"))
        client.post(path, submission(name=f"{name} there"), HTTP_HOST="other.example")

    here = Statement.objects.filter(index_page=index_page)
    assert set(here.values_list("name", flat=True)) == {
        "A here",
        "B here",
    }
    assert set(
        Statement.objects.filter(index_page=other_wall).values_list("name", flat=True)
    ) == {"A there", "B there"}


def test_a_site_moved_to_another_root_is_followed(client, index_page, home_page):
    send(client, index_page, name="First")
    new_home = home_page.get_parent().add_child(
        instance=home_page.__class__(title="New", slug="new-home")
    )
    site = Site.objects.get()
    site.root_page = new_home
    site.save()

    assert send(client, index_page, name="Second").status_code == 404
    assert Statement.objects.count() == 1


def test_only_the_listing_submit_route_and_permalinks_of_a_wall_are_remembered(
    client, index_page, home_page
):
    client.get(home_page.url)
    client.get(index_page.url + "stats/")
    client.get(index_page.url + "days/")
    assert not routes._routes

    client.get(index_page.url)
    client.get(index_page.url, {"region": "gd"})
    assert len(routes._routes) == 1, "one entry for every page of the listing"
    client.get(submit_url(index_page))
    assert len(routes._routes) == 2
    for number in range(3):
        statement, _code = make_statement(
            "published", index_page=index_page, name=f"化名{number}"
        )
        client.get(permalink(index_page, statement))
    assert len(routes._routes) == 3, "one entry for every permalink of the wall"


# The listing


def test_the_listing_costs_fewer_queries_once_its_wall_is_known(client, index_page):
    make_statement("published", index_page=index_page, name="甲")
    client.get(index_page.url)  # the caches any reader fills
    routes.forget_all()
    with CaptureQueriesContext(connection) as routed:
        assert "甲" in client.get(index_page.url).text
    with CaptureQueriesContext(connection) as remembered:
        response = client.get(index_page.url, {"region": ""})
    assert response.status_code == 200 and "甲" in response.text
    assert len(remembered) < len(routed)


def test_a_remembered_listing_follows_its_wall(client, index_page, home_page):
    make_statement("published", index_page=index_page, name="甲")
    old = index_page.url
    assert "甲" in client.get(old).text
    make_private(index_page)
    response = client.get(old)
    assert response.status_code == 302 and "login" in response["Location"]
    index_page.get_view_restrictions().delete()
    index_page.slug = "quit"
    index_page.save_revision().publish()
    index_page.refresh_from_db()
    assert client.get(old).status_code == 404
    assert "甲" in client.get(index_page.url).text
    index_page.unpublish()
    assert client.get(index_page.url).status_code == 404


def test_a_page_added_at_a_remembered_listings_old_path_is_served(
    client, index_page, home_page
):
    old = index_page.url
    assert client.get(old).status_code == 200
    index_page.slug = "quit"
    index_page.save_revision().publish()
    newcomer = home_page.add_child(
        instance=StatementIndexPage(title="Newcomer", slug="statements")
    )
    assert newcomer.url == old
    response = client.get(old)
    assert response.status_code == 200
    assert response.context["page"].pk == newcomer.pk


# Permalinks


def permalink(page, statement):
    return f"{page.url}s/{statement.public_id}/"


def test_a_permalink_costs_fewer_queries_once_its_wall_is_known(client, index_page):
    first, _code = make_statement("published", index_page=index_page, name="甲")
    second, _code = make_statement("published", index_page=index_page, name="乙")
    client.get("/")  # Wagtail's site root paths, cached by any request
    with CaptureQueriesContext(connection) as routed:
        assert "甲" in client.get(permalink(index_page, first)).text
    with CaptureQueriesContext(connection) as remembered:
        response = client.get(permalink(index_page, second))
    assert response.status_code == 200 and "乙" in response.text
    assert len(remembered) < len(routed)


def test_an_unknown_permalink_is_still_a_404_on_a_remembered_wall(client, index_page):
    statement, _code = make_statement("published", index_page=index_page)
    client.get(permalink(index_page, statement))
    assert client.get(f"{index_page.url}s/nosuchstatement/").status_code == 404


def test_a_remembered_wall_unpublished_or_made_private_hides_its_permalinks(
    client, index_page
):
    statement, _code = make_statement("published", index_page=index_page)
    assert client.get(permalink(index_page, statement)).status_code == 200
    make_private(index_page)
    response = client.get(permalink(index_page, statement))
    assert response.status_code == 302 and "login" in response["Location"]
    index_page.unpublish()
    assert client.get(permalink(index_page, statement)).status_code == 404


def test_a_moved_wall_s_permalinks_are_found_at_the_new_address_only(
    client, index_page
):
    statement, _code = make_statement("published", index_page=index_page)
    old = permalink(index_page, statement)
    assert client.get(old).status_code == 200
    index_page.slug = "quit"
    index_page.save_revision().publish()
    index_page.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(permalink(index_page, statement)).status_code == 200


def no_database(execute, sql, params, many, context):
    raise OperationalError("could not connect to server")


def test_the_database_down_on_a_remembered_route_is_a_503(index_page):
    # As a server would: the error is answered, not raised into the test.
    client = Client(raise_request_exception=False)
    send(client, index_page, name="First")

    with connection.execute_wrapper(no_database):
        response = send(client, index_page, name="Second")

    assert response.status_code == 503
    assert 'value="Second"' in response.text  # the typed form comes back
    assert Statement.objects.count() == 1


def test_redis_down_on_a_remembered_route_still_stores_flagged(
    client, index_page, settings
):
    send(client, index_page, name="First")
    settings.CACHES = FORGIVING

    response = send(client, index_page, name="Second")

    assert code_in(response)
    second = Statement.objects.get(name="Second")
    assert second.flag_rate_limit_unknown and not second.flag_rate_limited


def test_redis_down_keeps_spent_forms_in_the_database_and_flags_a_replay(
    client, index_page, settings
):
    send(client, index_page, name="First")
    settings.CACHES = FORGIVING
    token, proof = aged_token(), solved_proof()

    first = send(client, index_page, name="甲", rendered=token, altcha=proof)
    again = send(client, index_page, name="乙", rendered=token, altcha=proof)

    assert code_in(first) and code_in(again)  # never refused, never a 500
    one, two = Statement.objects.filter(name__in=["甲", "乙"]).order_by("pk")
    assert one.flag_rate_limit_unknown and not one.flag_replayed
    assert not one.flag_no_proof
    assert two.flag_rate_limit_unknown and two.flag_replayed
    assert SpentToken.objects.count() == 2  # the token and the challenge


def test_a_form_spent_while_redis_was_down_stays_spent_after_it(
    client, index_page, settings
):
    send(client, index_page, name="First")
    token, proof = aged_token(), solved_proof()
    with override_settings(CACHES=FORGIVING):
        send(client, index_page, name="甲", rendered=token, altcha=proof)
    settings.CACHES = FAKE_REDIS
    FakeRedis.reset()

    response = send(client, index_page, name="乙", rendered=token, altcha=proof)

    assert code_in(response)
    assert Statement.objects.get(name="乙").flag_replayed


def test_a_site_renamed_shows_at_once_on_a_remembered_route(client, index_page):
    site = Site.objects.get()
    site.site_name = "旧名字"
    site.save()
    for _ in range(3):  # routed, remembered, then its site kept in the cache
        assert 'content="旧名字"' in client.get(index_page.url).text
    site.site_name = "新名字"
    site.save()
    body = client.get(index_page.url).text
    assert 'content="新名字"' in body and "旧名字" not in body


def test_a_wall_made_private_unknown_to_the_cache_is_private_within_the_timeout(
    client, index_page, monkeypatch
):
    """The cache could not be told (its generations did not move, as in a
    network split): the kept wall is trusted for routes.TIMEOUT at most."""
    from wagtail_tuidang.articles import cache as content_cache

    monkeypatch.setattr(routes, "TIMEOUT", 1)
    for _ in range(3):  # routed, remembered, then its site and wall kept
        assert client.get(index_page.url).status_code == 200
    monkeypatch.setattr(content_cache, "_bump", lambda kinds: None)
    make_private(index_page)
    time.sleep(1.1)
    response = client.get(index_page.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_wall_made_private_is_private_at_once_when_the_cache_is_told(
    client, index_page
):
    for _ in range(3):
        assert client.get(index_page.url).status_code == 200
    make_private(index_page)
    response = client.get(index_page.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_cache_down_on_a_remembered_listing_reads_site_and_wall_again(
    client, index_page, settings
):
    make_statement("published", index_page=index_page, name="甲")
    for _ in range(3):  # routed, remembered, then its site and wall kept
        assert "甲" in client.get(index_page.url).text
    settings.CACHES = FORGIVING
    with CaptureQueriesContext(connection) as queries:
        response = client.get(index_page.url)
    assert response.status_code == 200 and "甲" in response.text
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "wagtailcore_site" in tables  # read from the database, as before
    make_private(index_page)  # and still follows the wall at once
    response = client.get(index_page.url)
    assert response.status_code == 302 and "login" in response["Location"]


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_a_host_not_allowed_is_a_400_on_any_path_the_middleware_looks_at(index_page):
    client = Client(raise_request_exception=False)
    assert client.get(index_page.url).status_code == 200  # remembered for testserver
    for path in (index_page.url, index_page.url + "submit/", "/no-such-page/"):
        response = client.get(path, HTTP_HOST="attacker.example")
        assert response.status_code == 400, path
