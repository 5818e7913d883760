"""The volunteer's sheet without JavaScript: a plain form POST stores every
valid row once, keeps rows with mistakes on the page with their errors, and
needs the volunteer's attestation for the sheet and each real name's own
consent."""

import re

import pytest
from django.test import override_settings

from tests.helpers import CONSOLE_URL, user_with, volunteer
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import receipts

pytestmark = pytest.mark.django_db

SHEET_URL = CONSOLE_URL + "sheet/"


@pytest.fixture
def vol_client(client):
    client.force_login(volunteer())
    return client


def sheet_data(client, rows, consent=True, **sheet):
    """The sheet as the browser sends it: the page's own hidden fields (the
    render token, the management form) and ``rows``, dicts of row fields."""
    page = client.get(SHEET_URL).text
    data = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    )
    data.update(source="volunteer", declared_on="2024-05-01", **sheet)
    data["index_page"] = re.search(r'<option value="(\d+)" selected>', page).group(1)
    if consent:
        data["consent"] = "on"
    for index, row in enumerate(rows):
        data.update({f"row-{index}-{key}": value for key, value in row.items()})
        data.setdefault(f"row-{index}-people_count", "1")
    for index in range(len(rows), int(data["row-TOTAL_FORMS"])):
        data[f"row-{index}-people_count"] = "1"
    return data


def codes_in(html):
    """The receipt codes a page shows."""
    cells = re.findall(r"<td[^>]*data-td-receipt><code>(.*?)</code>", html)
    return ["-".join(re.findall(r"<span>([A-Z0-9]+)</span>", cell)) for cell in cells]


ALIAS = {"name": "王伟", "organisations": ["party"]}


def test_a_new_sheet_has_the_set_number_of_rows(vol_client, index_page):
    page = vol_client.get(SHEET_URL).text
    assert page.count("data-td-sheet-row>") == 20 + 1  # and the template
    with override_settings(WAGTAIL_TUIDANG_VOLUNTEER_SHEET_ROWS=5):
        page = vol_client.get(SHEET_URL).text
    assert page.count("data-td-sheet-row>") == 5 + 1
    assert '<datalist id="td-regions">' in page
    assert 'list="td-regions"' in page


def test_valid_rows_are_stored_once_with_their_receipt_codes(client, index_page):
    user = volunteer()
    client.force_login(user)
    rows = [
        ALIAS,
        {
            "name": "李明",
            "organisations": ["youth_league", "young_pioneers"],
            "people_count": "3",
            "region": "Sichuan",
            "text": "退出共青团和少先队。",
        },
    ]
    response = client.post(SHEET_URL, sheet_data(client, rows))
    assert response.status_code == 200
    stored = {s.name: s for s in Statement.objects.all()}
    assert set(stored) == {"王伟", "李明"}
    first, second = stored["王伟"], stored["李明"]
    assert first.quit_party and not first.quit_youth_league
    assert first.people_count == 1 and first.region == "" and first.text == ""
    assert second.people_count == 3 and second.region == "sc"
    assert second.quit_youth_league and second.quit_young_pioneers
    assert not second.quit_party
    for statement in stored.values():
        assert statement.status == "pending"
        assert statement.source == "volunteer"
        assert statement.submitted_by == user
        assert str(statement.declared_on) == "2024-05-01"
        assert not (statement.flag_honeypot or statement.flag_too_fast)
        assert not statement.is_real_name
    codes = codes_in(response.text)
    assert len(codes) == 2
    hashes = {receipts.hash_code(code) for code in codes}
    assert hashes == {first.receipt_hash, second.receipt_hash}
    # A blank sheet follows, with the attestation to give again.
    assert 'value="王伟"' not in response.text.split("data-td-sheet>")[1]
    assert re.search(r'name="consent"[^>]*autofocus', response.text)


def test_sending_the_same_sheet_again_stores_nothing_more(vol_client, index_page):
    data = sheet_data(vol_client, [ALIAS, {**ALIAS, "name": "张三"}])
    vol_client.post(SHEET_URL, data)
    again = vol_client.post(SHEET_URL, data)
    assert Statement.objects.count() == 2
    assert codes_in(again.text) == []
    assert "already stored when this sheet was first sent" in again.text


def test_two_people_with_the_same_alias_on_one_sheet_are_both_kept(
    vol_client, index_page
):
    vol_client.post(SHEET_URL, sheet_data(vol_client, [ALIAS, ALIAS]))
    statements = list(Statement.objects.order_by("pk"))
    assert [s.name for s in statements] == ["王伟", "王伟"]
    # Stored, and pointed out to moderators as a possible duplicate.
    assert statements[1].flag_duplicate


def test_rows_with_mistakes_stay_with_their_errors(vol_client, index_page):
    rows = [
        ALIAS,
        {"name": "赵六", "organisations": ["party"], "people_count": "0"},
        {"name": "钱七", "organisations": ["party"], "region": "Atlantis"},
        {"name": "孙八"},
        {"name": "周九", "organisations": ["party"]},
    ]
    response = vol_client.post(SHEET_URL, sheet_data(vol_client, rows))
    assert sorted(Statement.objects.values_list("name", flat=True)) == [
        "周九",
        "王伟",
    ]
    assert len(codes_in(response.text)) == 2
    form = response.text.split("data-td-sheet>")[1]
    # The kept rows come first, as typed, each with its own error.
    for index, (name, error) in enumerate(
        [
            ("赵六", "A statement is for at least one person."),
            ("钱七", "Choose a region from the list."),
            ("孙八", "Tick at least one organisation the person quits."),
        ]
    ):
        row = re.search(
            rf'<tr class="td-sheet__row td-sheet__row--error" data-td-sheet-row>'
            rf'(?:(?!</tr>).)*name="row-{index}-name"(?:(?!</tr>).)*</tr>',
            form,
            re.S,
        ).group(0)
        assert f'value="{name}"' in row
        assert error in row
    assert 'value="Atlantis"' in form
    assert form.count("td-sheet__row--error") == 3
    assert "王伟" not in form and "周九" not in form
    # Same people, same attestation: the box stays ticked for the fixes.
    assert re.search(r'name="consent"[^>]*checked', form)


def test_fixed_rows_are_stored_when_sent_again(vol_client, index_page):
    rows = [ALIAS, {"name": "赵六", "organisations": ["party"], "people_count": "0"}]
    response = vol_client.post(SHEET_URL, sheet_data(vol_client, rows))
    data = dict(
        re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.text
        )
    )
    total = int(data["row-TOTAL_FORMS"])
    data.update(
        {f"row-{index}-people_count": "1" for index in range(total)},
        source="volunteer",
        index_page=str(index_page.pk),
        consent="on",
        **{"row-0-name": "赵六", "row-0-organisations": "party"},
    )
    fixed = vol_client.post(SHEET_URL, data)
    assert sorted(Statement.objects.values_list("name", flat=True)) == [
        "王伟",
        "赵六",
    ]
    assert len(codes_in(fixed.text)) == 1


def test_without_the_sheets_attestation_nothing_is_stored(vol_client, index_page):
    rows = [ALIAS, {**ALIAS, "name": "张三"}]
    response = vol_client.post(SHEET_URL, sheet_data(vol_client, rows, consent=False))
    assert Statement.objects.count() == 0
    assert "Nothing was stored" in response.text
    assert 'value="王伟"' in response.text and 'value="张三"' in response.text


def test_a_real_name_needs_its_own_consent(vol_client, index_page):
    rows = [
        {**ALIAS, "name": "陈真名", "is_real_name": "on"},
        {**ALIAS, "name": "林同意", "is_real_name": "on", "consent_real_name": "on"},
    ]
    response = vol_client.post(SHEET_URL, sheet_data(vol_client, rows))
    statement = Statement.objects.get()
    assert statement.name == "林同意"
    assert statement.is_real_name and statement.consent_real_name
    assert not statement.real_name_confirmed and statement.alias == ""
    assert "A real name needs this person’s own consent" in response.text
    assert 'value="陈真名"' in response.text


def test_an_empty_sheet_stores_nothing_and_says_so(vol_client, index_page):
    response = vol_client.post(SHEET_URL, sheet_data(vol_client, []))
    assert Statement.objects.count() == 0
    assert "fill in at least one row" in response.text


def test_regions_are_understood_by_name_in_each_language_or_code(
    vol_client, index_page
):
    rows = [
        {**ALIAS, "name": f"人{index}", "region": region}
        for index, region in enumerate(["四川", "廣東", "hk", "overseas", " Tibet "])
    ]
    vol_client.post(SHEET_URL, sheet_data(vol_client, rows))
    regions = dict(Statement.objects.values_list("name", "region"))
    assert regions == {"人0": "sc", "人1": "gd", "人2": "hk", "人3": "os", "人4": "xz"}


def test_too_many_rows_or_a_mangled_form_store_nothing(vol_client, index_page):
    data = sheet_data(vol_client, [ALIAS])
    too_many = {**data, "row-TOTAL_FORMS": "500"}
    response = vol_client.post(SHEET_URL, too_many)
    assert response.status_code == 200
    assert "Please submit at most 200 forms" in response.text
    mangled = {k: v for k, v in data.items() if not k.startswith("row-TOTAL")}
    response = vol_client.post(SHEET_URL, mangled)
    assert response.status_code == 200
    assert Statement.objects.count() == 0


def test_only_volunteers_may_use_the_sheet(client, index_page):
    client.force_login(volunteer())
    data = sheet_data(client, [ALIAS])
    client.logout()
    response = client.post(SHEET_URL, data)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(user_with("view_statement", "moderate_statement"))
    for response in (client.get(SHEET_URL), client.post(SHEET_URL, data)):
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    assert Statement.objects.count() == 0


def test_a_sheet_longer_than_a_sheet_may_be_is_warned_about(settings):
    from wagtail_tuidang.checks import check_setting_values, check_volunteer_sheet_rows

    settings.WAGTAIL_TUIDANG_VOLUNTEER_SHEET_ROWS = 200
    assert check_volunteer_sheet_rows(None) == []
    settings.WAGTAIL_TUIDANG_VOLUNTEER_SHEET_ROWS = 500
    [warning] = check_volunteer_sheet_rows(None)
    assert warning.id == "wagtail_tuidang.W018"
    assert "volunteers see 200" in warning.msg
    settings.WAGTAIL_TUIDANG_VOLUNTEER_SHEET_ROWS = "20"
    assert check_volunteer_sheet_rows(None) == []
    assert [e.id for e in check_setting_values(None)] == ["wagtail_tuidang.E007"]


def test_a_database_failure_midway_stores_no_row_and_says_so(
    vol_client, index_page, monkeypatch
):
    from django.db import OperationalError

    from wagtail_tuidang.statements import transitions

    submit = transitions.submit
    sent = []

    def fails_on_the_second(statement, **kwargs):
        sent.append(statement.name)
        if len(sent) == 2:
            raise OperationalError("server closed the connection")
        return submit(statement, **kwargs)

    monkeypatch.setattr(transitions, "submit", fails_on_the_second)
    data = sheet_data(vol_client, [ALIAS, {**ALIAS, "name": "张三"}])
    vol_client.raise_request_exception = False
    response = vol_client.post(SHEET_URL, data)
    assert response.status_code == 503
    assert Statement.objects.count() == 0
    # Once the database is back, the same sheet stores both rows.
    monkeypatch.setattr(transitions, "submit", submit)
    vol_client.post(SHEET_URL, data)
    assert Statement.objects.count() == 2


def test_the_admin_home_leads_volunteers_to_the_sheet(vol_client, index_page):
    panel = vol_client.get("/admin/").text.split('id="tuidang-volunteer-content"')[1]
    assert SHEET_URL in panel
