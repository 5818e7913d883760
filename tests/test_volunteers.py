"""The volunteer console: who may use it, what a POST stores, aliases, and the
volunteer's own list."""

import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.factories import make_statement
from tests.helpers import (
    CONSOLE_URL,
    MINE_URL,
    caller,
    code_in,
    user_with,
    volunteer,
)
from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation import decisions
from wagtail_tuidang.statements import receipts, transitions
from wagtail_tuidang.volunteers import aliases

pytestmark = pytest.mark.django_db


@pytest.fixture
def vol_client(client):
    client.force_login(volunteer())
    return client


def test_anonymous_visitors_are_sent_to_the_login(client, index_page):
    response = client.get(CONSOLE_URL)
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_admin_users_without_the_permission_are_refused(client, index_page):
    client.force_login(user_with())
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    for response in (
        client.get(CONSOLE_URL),
        client.post(CONSOLE_URL, caller(index_page)),
        client.get(MINE_URL),
        client.post(CONSOLE_URL + "alias/"),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    assert Statement.objects.count() == 0


def test_the_menu_shows_the_console_to_volunteers_only(client, index_page):
    client.force_login(user_with())
    assert CONSOLE_URL not in client.get("/admin/").text
    client.force_login(volunteer())
    assert CONSOLE_URL in client.get("/admin/").text


def test_the_console_autofocuses_the_name(vol_client, index_page):
    response = vol_client.get(CONSOLE_URL)
    assert response.status_code == 200
    assert re.search(r'<input[^>]*name="name"[^>]*autofocus', response.text)


def test_a_post_stores_a_pending_statement_from_the_volunteer(client, index_page):
    user = volunteer()
    client.force_login(user)
    response = client.post(CONSOLE_URL, caller(index_page, source="email"))
    assert response.status_code == 200
    statement = Statement.objects.get()
    assert statement.status == "pending"
    assert statement.source == "email"
    assert statement.submitted_by == user
    assert statement.people_count == 3
    assert statement.quit_party and statement.quit_youth_league
    assert not statement.quit_young_pioneers
    assert not (statement.flag_honeypot or statement.flag_too_fast)
    # The receipt code is shown once, in groups, and the form is blank again.
    code = code_in(response)
    assert statement.receipt_hash == receipts.hash_code(code)
    assert statement.public_id in response.text
    assert 'value="李明"' not in response.text


def test_street_and_other_sources_count_as_volunteer(vol_client, index_page):
    vol_client.post(CONSOLE_URL, caller(index_page, source="volunteer"))
    assert Statement.objects.get().source == "volunteer"
    response = vol_client.post(CONSOLE_URL, caller(index_page, source="web"))
    assert "Select a valid choice" in response.text
    assert Statement.objects.count() == 1


def test_the_consent_tick_is_required(vol_client, index_page):
    data = caller(index_page)
    del data["consent"]
    response = vol_client.post(CONSOLE_URL, data)
    assert response.status_code == 200
    assert "Tick the box to confirm they did" in response.text
    assert Statement.objects.count() == 0


def test_the_public_forms_validation_applies(vol_client, index_page):
    response = vol_client.post(
        CONSOLE_URL, caller(index_page, people_count="51", organisations=[])
    )
    assert "at most 50 people" in response.text
    assert "Tick at least one organisation the person quits" in response.text
    assert Statement.objects.count() == 0


def test_the_console_speaks_to_the_volunteer_about_the_caller(vol_client, index_page):
    page = vol_client.get(CONSOLE_URL).text
    for words in (
        "This is the caller’s real name",
        "The caller agrees that their real name may be published",
        "Alias to show instead of the caller’s real name",
        "The caller quits",
        "family members who quit together with the caller",
    ):
        assert words in page
    for first_person in ("This is my real name", "I agree that my real name", "I quit"):
        assert first_person not in page


def test_a_post_cannot_publish_or_flag(vol_client, index_page):
    vol_client.post(
        CONSOLE_URL,
        caller(index_page, status="published", real_name_confirmed="on"),
    )
    statement = Statement.objects.get()
    assert statement.status == "pending"
    assert not statement.real_name_confirmed


def test_the_alias_button_fills_the_name_without_javascript(vol_client, index_page):
    data = caller(index_page, action="alias", name="")
    response = vol_client.post(CONSOLE_URL, data)
    assert response.status_code == 200
    assert Statement.objects.count() == 0
    suggested = vol_client.session[aliases.SESSION_KEY][-1]
    assert f'value="{suggested}"' in response.text
    # What was typed is kept, and no error is shown yet.
    assert 'value="3"' in response.text
    assert "This field is required" not in response.text


def test_the_alias_endpoint_gives_json(vol_client, index_page):
    response = vol_client.post(CONSOLE_URL + "alias/")
    alias = response.json()["alias"]
    assert alias[0] in aliases.SURNAMES
    assert 2 <= len(alias) <= 3


def test_aliases_never_repeat_within_a_batch(vol_client, index_page):
    seen = [vol_client.post(CONSOLE_URL + "alias/").json()["alias"] for _ in range(300)]
    assert len(set(seen)) == len(seen)


def test_new_alias_avoids_every_used_one(monkeypatch):
    choices = iter(["王伟", "王伟", "李娜"])
    monkeypatch.setattr(aliases, "random_alias", lambda: next(choices))
    assert aliases.new_alias({"王伟"}) == "李娜"


def test_the_list_shows_only_the_volunteers_own_statements(client, index_page):
    user, other = volunteer(), volunteer()
    client.force_login(user)
    client.post(CONSOLE_URL, caller(index_page, name="自己的", contact="tel-555"))
    make_statement(index_page=index_page, name="别人的", submitted_by=other)
    make_statement(index_page=index_page, name="网上的")
    response = client.get(MINE_URL)
    assert response.status_code == 200
    assert "自己的" in response.text
    assert "别人的" not in response.text and "网上的" not in response.text
    assert "tel-555" not in response.text
    assert "Pending review" in response.text


def test_a_volunteer_who_moderates_cannot_publish_their_own(client, index_page):
    user = volunteer("moderate_statement", "view_statement")
    client.force_login(user)
    client.post(CONSOLE_URL, caller(index_page))
    statement = Statement.objects.get()
    url = reverse(
        "wagtail_bulk_action", args=["wagtail_tuidang", "statement", "publish"]
    )
    client.post(f"{url}?id={statement.pk}&next=/admin/")
    statement.refresh_from_db()
    assert statement.status == "pending"
    with pytest.raises(decisions.DecisionRefused):
        decisions.decide(statement, "publish", user)


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_costs_the_same_queries_at_any_length(
    client, index_page, count, django_assert_max_num_queries
):
    user = volunteer()
    client.force_login(user)
    for number in range(count):
        make_statement(index_page=index_page, name=f"人{number}", submitted_by=user)
    client.get(MINE_URL)
    # Measured: 11, of which 2 are the list (count and page); the rest is the
    # session, the user and the admin's menu.
    with django_assert_max_num_queries(11):
        assert client.get(MINE_URL).status_code == 200


def test_my_submissions_sort_by_a_column_and_page_through(client, index_page):
    user = volunteer()
    client.force_login(user)
    for number in range(51):
        make_statement(
            index_page=index_page,
            name=f"人{number:02d}",
            people_count=1 + number % 3,
            submitted_by=user,
        )
    first = client.get(MINE_URL)
    assert "人50" in first.text and "人00" not in first.text
    assert "?p=2" in first.text
    assert "人00" in client.get(MINE_URL, {"p": 2}).text
    by_people = client.get(MINE_URL, {"ordering": "people_count"}).text
    assert by_people.index("人00") < by_people.index("人01")
    assert "人02" not in by_people.split("</table>")[0]  # three people: page 2


def test_my_submissions_give_the_status_and_reason_in_words(client, index_page):
    user = volunteer()
    client.force_login(user)
    statement, _code = make_statement(index_page=index_page, submitted_by=user)
    reason = "Please send it again without the address."
    transitions.reject(statement, public_reason=reason)
    response = client.get(MINE_URL)
    assert "Needs fixing: Please send it again without the address." in response.text
    assert "Send another statement" in response.text


def test_the_admin_home_shows_a_volunteer_their_panel(client, index_page):
    user = volunteer()
    client.force_login(user)
    assert "Send a statement for a caller" in client.get("/admin/").text
    statement, _code = make_statement(
        index_page=index_page, name="最近的", submitted_by=user
    )
    transitions.publish(statement)
    home = client.get("/admin/").text
    panel = home.split('id="tuidang-volunteer-content"')[1]
    assert CONSOLE_URL in panel and MINE_URL in panel
    assert "最近的" in panel and "Published" in panel
    client.force_login(user_with("view_statement"))
    assert "Send a statement for a caller" not in client.get("/admin/").text


def test_the_home_panel_costs_the_same_queries_at_any_history(client, index_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = volunteer()
    client.force_login(user)
    counts = []
    for total in (1, 12):
        while Statement.objects.filter(submitted_by=user).count() < total:
            make_statement(index_page=index_page, submitted_by=user)
        client.get("/admin/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_volunteer_prints_the_certificate_of_a_caller_s_published_statement(
    client, index_page
):
    """A caller with no computer asks the volunteer who sent their statement
    for the certificate: the volunteer prints it from My submissions."""
    user = volunteer()
    client.force_login(user)
    published, _code = make_statement(
        "published",
        index_page=index_page,
        name="真名王五",
        alias="化名阿五",
        is_real_name=True,
        consent_real_name=True,
        submitted_by=user,
    )
    pending, _code = make_statement(index_page=index_page, submitted_by=user)
    others, _code = make_statement("published", index_page=index_page)
    published.refresh_from_db()
    listing = client.get(MINE_URL).text
    url = reverse("wagtail_tuidang_volunteers:certificate", args=[published.public_id])
    assert url in listing
    assert listing.count('target="_blank" rel="noopener">Print</a>') == 1

    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    assert published.registration_number_display in html
    # The name the wall shows until moderators confirm the real one.
    assert "化名阿五" in html and "真名王五" not in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    entries = ModelLogEntry.objects.filter(
        action="wagtail_tuidang.print_certificate", object_id=str(published.pk)
    )
    assert entries.get().user == user

    for statement in (pending, others):
        other_url = reverse(
            "wagtail_tuidang_volunteers:certificate", args=[statement.public_id]
        )
        assert client.get(other_url).status_code == 404


def test_only_volunteers_print_certificates_from_the_console(client, index_page):
    statement, _code = make_statement("published", index_page=index_page)
    url = reverse("wagtail_tuidang_volunteers:certificate", args=[statement.public_id])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(user_with())
    assert client.get(url).status_code in (302, 403)
