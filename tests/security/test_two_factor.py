"""Accounts that can read contact details need a second factor.

With ``WAGTAIL_TUIDANG_REQUIRE_2FA`` on, a person holding a contact, real-name
or export permission reaches no admin view until they have enrolled an
authenticator app and entered its code in this session. Codes are computed
here as the person's app would, from the secret the enrolment page shows.
"""

import re
import time
from base64 import b32decode
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from tests.factories import make_statement
from tests.helpers import QUEUE_URL, logged_in, moderation_user, served_below
from wagtail_tuidang.moderation.setup import (
    CONTACT_OFFICERS,
    EDITORS,
    MODERATORS,
    VOLUNTEERS,
)

pytestmark = pytest.mark.django_db

ENROL_URL = "/admin/two-factor/enrol/"
VERIFY_URL = "/admin/two-factor/verify/"
CONTACT = "secret-contact@example.org"


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.WAGTAIL_TUIDANG_REQUIRE_2FA = True


@pytest.fixture
def statement(index_page):
    statement, _receipt = make_statement(index_page=index_page, contact=CONTACT)
    return statement


def contact_url(statement):
    return f"{QUEUE_URL}contact/{statement.pk}/"


def secret_on(response):
    html = response.content.decode()
    match = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html)
    return b32decode(match.group(1).replace(" ", ""))


def code(key, offset=0):
    """The code an authenticator app shows for ``key`` now (or ``offset``
    30-second steps from now)."""
    totp = TOTP(key)
    totp.time = time.time() + 30 * offset
    return f"{totp.token():06d}"


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def contact_read_logged():
    return ModelLogEntry.objects.filter(action="wagtail_tuidang.view_contact").exists()


# Before enrolling -------------------------------------------------------------


@pytest.mark.parametrize("group", [CONTACT_OFFICERS, MODERATORS])
def test_a_person_who_can_read_contacts_or_export_is_sent_to_enrol(client, group):
    logged_in(client, moderation_user(group))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{ENROL_URL}?next=%2Fadmin%2F"


def test_a_site_served_below_a_path_is_guarded_too(client, statement):
    """Behind a proxy that mounts the site on /site/, the admin's URLs carry
    the prefix: a password alone still opens no contact."""
    logged_in(client, moderation_user(CONTACT_OFFICERS))

    with served_below("/site") as below:
        page = client.get(contact_url(statement), **below)

    assert page.status_code == 302
    assert page["Location"].startswith("/site" + ENROL_URL)
    assert CONTACT not in page.content.decode()


def test_no_contact_can_be_read_before_verifying(client, statement):
    logged_in(client, moderation_user(CONTACT_OFFICERS))

    page = client.get(contact_url(statement))
    reveal = client.post(contact_url(statement))

    assert page.status_code == reveal.status_code == 302
    assert reveal["Location"].startswith(ENROL_URL)
    assert CONTACT not in reveal.content.decode()
    assert not contact_read_logged()


def test_no_export_before_verifying(client, statement):
    logged_in(client, moderation_user(MODERATORS))
    url = reverse("wagtail_tuidang_transfer:export")

    response = client.post(url, {"format": "csv", "status": "pending"})

    assert response.status_code == 302
    assert response["Location"].startswith(ENROL_URL)
    assert "attachment" not in response.get("Content-Disposition", "")


def test_the_enrolment_page_shows_a_local_qr_code_and_the_secret(client):
    logged_in(client, moderation_user(CONTACT_OFFICERS))

    response = client.get(ENROL_URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<svg" in html
    assert len(secret_on(response)) == 20
    # Nothing fetched from another origin: no script, image or stylesheet.
    assert not re.search(r'src="(https?:)?//', html)
    assert not re.search(r'<link[^>]*href="(https?:)?//', html)
    assert "no-store" in response["Cache-Control"]


def test_the_secret_stays_the_same_while_the_person_sets_up_their_app(client):
    logged_in(client, moderation_user(CONTACT_OFFICERS))

    assert secret_on(client.get(ENROL_URL)) == secret_on(client.get(ENROL_URL))


# Enrolling --------------------------------------------------------------------


def test_a_wrong_code_does_not_enrol(client, statement):
    logged_in(client, moderation_user(CONTACT_OFFICERS))
    key = secret_on(client.get(ENROL_URL))

    response = client.post(ENROL_URL, {"token": code(key, offset=10)})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(contact_url(statement)).status_code == 302


@pytest.mark.parametrize("token", ["", "abcdef", "１２３４５６", "1" * 50, "12\x0034"])
def test_malformed_codes_get_a_message_not_a_500(client, token):
    logged_in(client, moderation_user(CONTACT_OFFICERS))
    client.get(ENROL_URL)

    response = client.post(ENROL_URL, {"token": token})

    assert response.status_code == 200
    assert 'class="error-message"' in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_the_right_code_enrols_and_lets_the_person_in(client, statement):
    logged_in(client, moderation_user(CONTACT_OFFICERS))
    key = secret_on(client.get(f"{ENROL_URL}?next={contact_url(statement)}"))

    response = client.post(
        ENROL_URL, {"token": code(key), "next": contact_url(statement)}
    )

    assert response.status_code == 302
    assert response["Location"] == contact_url(statement)
    assert client.get("/admin/").status_code == 200
    assert client.get(contact_url(statement)).status_code == 200
    reveal = client.post(contact_url(statement))
    assert CONTACT in reveal.content.decode()
    assert contact_read_logged()


def test_next_never_leads_off_the_site(client):
    logged_in(client, moderation_user(CONTACT_OFFICERS))
    key = secret_on(client.get(ENROL_URL))

    response = client.post(
        ENROL_URL, {"token": code(key), "next": "https://evil.example/"}
    )

    assert response["Location"] == "/admin/"


def test_a_password_alone_cannot_add_a_device_to_an_enrolled_account(client):
    user = moderation_user(CONTACT_OFFICERS)
    confirmed_device(user)
    logged_in(client, user)

    response = client.get(ENROL_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY_URL)
    assert TOTPDevice.objects.filter(user=user).count() == 1


# Verifying a later sign-in -----------------------------------------------------


def test_an_enrolled_person_must_enter_a_code_at_each_sign_in(client, statement):
    user = moderation_user(CONTACT_OFFICERS)
    device = confirmed_device(user)
    logged_in(client, user)

    redirected = client.get(contact_url(statement))
    wrong = client.post(VERIFY_URL, {"token": code(device.bin_key, offset=10)})
    still_out = client.get(contact_url(statement))
    time.sleep(1.1)  # django-otp's pause after one wrong code
    right = client.post(
        VERIFY_URL, {"token": code(device.bin_key), "next": contact_url(statement)}
    )

    assert redirected["Location"].startswith(VERIFY_URL)
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert still_out.status_code == 302
    assert right.status_code == 302
    assert right["Location"] == contact_url(statement)
    assert client.get(contact_url(statement)).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_code_is_checked_outside_a_test_transaction(client, statement):
    """django-otp locks the devices it checks (SELECT ... FOR UPDATE), which
    PostgreSQL refuses outside a transaction: as in production, with no
    transaction around the request, the right code still signs in."""
    user = moderation_user(CONTACT_OFFICERS)
    device = confirmed_device(user)
    logged_in(client, user)

    right = client.post(
        VERIFY_URL, {"token": code(device.bin_key), "next": contact_url(statement)}
    )

    assert right.status_code == 302
    assert client.get(contact_url(statement)).status_code == 200


def test_a_code_cannot_be_used_twice(client):
    user = moderation_user(CONTACT_OFFICERS)
    device = confirmed_device(user)
    token = code(device.bin_key)
    logged_in(client, user)
    client.post(VERIFY_URL, {"token": token})
    client.logout()

    logged_in(client, user)
    response = client.post(VERIFY_URL, {"token": token})

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_wrong_codes_in_a_row_are_slowed_down(client):
    user = moderation_user(CONTACT_OFFICERS)
    device = confirmed_device(user)
    logged_in(client, user)
    for _ in range(3):
        client.post(VERIFY_URL, {"token": code(device.bin_key, offset=10)})

    response = client.post(VERIFY_URL, {"token": code(device.bin_key)})

    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_signing_out_ends_the_verification(client):
    user = moderation_user(CONTACT_OFFICERS)
    device = confirmed_device(user)
    logged_in(client, user)
    client.post(VERIFY_URL, {"token": code(device.bin_key)})
    client.post("/admin/logout/")

    logged_in(client, user)

    assert client.get("/admin/").status_code == 302


# Who is affected ----------------------------------------------------------------


@pytest.mark.parametrize("group", [VOLUNTEERS, EDITORS])
def test_people_without_those_permissions_are_unaffected(client, group):
    logged_in(client, moderation_user(group))

    assert client.get("/admin/").status_code == 200


def test_all_means_every_admin_user(client, settings):
    settings.WAGTAIL_TUIDANG_REQUIRE_2FA = "all"
    logged_in(client, moderation_user(VOLUNTEERS))

    assert client.get("/admin/")["Location"].startswith(ENROL_URL)


def test_a_list_names_the_permissions(client, settings):
    settings.WAGTAIL_TUIDANG_REQUIRE_2FA = ["wagtail_tuidang.submit_as_volunteer"]
    logged_in(client, moderation_user(VOLUNTEERS))
    contact_officer = moderation_user(CONTACT_OFFICERS)

    assert client.get("/admin/")["Location"].startswith(ENROL_URL)
    assert logged_in(client, contact_officer).get("/admin/").status_code == 200


def test_off_by_default(client, settings):
    del settings.WAGTAIL_TUIDANG_REQUIRE_2FA
    logged_in(client, moderation_user(CONTACT_OFFICERS))

    assert client.get("/admin/").status_code == 200


def test_public_pages_are_unaffected(client, home_page):
    logged_in(client, moderation_user(CONTACT_OFFICERS))

    assert client.get("/").status_code == 200


# A lost phone -------------------------------------------------------------------


def test_an_administrator_can_reset_a_lost_device(client):
    user = moderation_user(CONTACT_OFFICERS)
    confirmed_device(user)
    out = StringIO()

    call_command("tuidang_reset_two_factor", user.username, stdout=out)

    assert "Removed 1 device" in out.getvalue()
    assert logged_in(client, user).get("/admin/")["Location"].startswith(ENROL_URL)
    with pytest.raises(CommandError):
        call_command("tuidang_reset_two_factor", "nobody-of-that-name")


def test_anyone_may_enrol_from_their_account_page(client, settings):
    settings.WAGTAIL_TUIDANG_REQUIRE_2FA = False
    logged_in(client, moderation_user(EDITORS))

    html = client.get("/admin/account/").content.decode()

    assert f'href="{ENROL_URL}"' in html
    assert "Set up two-factor authentication" in html
