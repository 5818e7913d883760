"""Whoever owns the public web host must not read contact details.

Found by a hostile test: with Fernet the key sits in the web process, and every
stored contact could be decrypted there. With the public-key cipher the web
host holds only the public key: it stores contacts but cannot read them, and
contact officers read them on the admin host, which holds the private key.
"""

import csv
import importlib
import io
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from wagtail.models import ModelLogEntry

from tests.factories import make_statement
from tests.helpers import (
    QUEUE_URL,
    logged_in,
    moderation_user,
    submission,
    submit_url,
    user_with,
)
from wagtail_tuidang import checks
from wagtail_tuidang.crypto import (
    DecryptionError,
    PrivateKeyUnavailable,
    PublicKeyCipher,
    generate_key_pair,
    get_cipher,
)
from wagtail_tuidang.moderation.setup import CONTACT_OFFICERS
from wagtail_tuidang.statements.models import Statement

PRIVATE, PUBLIC = generate_key_pair()
OLD_PRIVATE, OLD_PUBLIC = generate_key_pair()
CONTACT = "微信 wx_李四 ☎ +86 138 0000 0000"
ON_ADMIN_HOST = "contacts can be read on the admin host"
CIPHER = "wagtail_tuidang.crypto.PublicKeyCipher"


def web_host(public=PUBLIC):
    """The public web host's cipher: the public key only."""
    return {"CLASS": CIPHER, "OPTIONS": {"PUBLIC_KEY": public}}


def admin_host(public=PUBLIC, private=(PRIVATE,)):
    """The admin host's cipher: the same public key and the private keys."""
    return {
        "CLASS": CIPHER,
        "OPTIONS": {"PUBLIC_KEY": public, "PRIVATE_KEYS": list(private)},
    }


@pytest.fixture
def on_web_host(settings):
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = web_host()
    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = []
    return settings


def stored(statement):
    return Statement.objects.get(pk=statement.pk).contact_encrypted


def contact_url(statement):
    return f"{QUEUE_URL}contact/{statement.pk}/"


def views_logged(statement):
    return ModelLogEntry.objects.filter(
        object_id=str(statement.pk), action="wagtail_tuidang.view_contact"
    ).count()


# The web host stores but cannot read ---------------------------------------------


@pytest.mark.django_db
def test_the_web_host_stores_a_submitted_contact_it_cannot_read(
    client, index_page, on_web_host
):
    response = client.post(submit_url(index_page), submission(contact=CONTACT))
    assert response.status_code == 200
    token = Statement.objects.get().contact_encrypted
    assert token.startswith("pk1:") and CONTACT not in token
    with pytest.raises(PrivateKeyUnavailable):
        get_cipher().decrypt(token)


@pytest.mark.django_db
def test_with_only_the_public_key_no_stored_contact_can_be_read(index_page, settings):
    # Stored before the switch (Fernet) and after it (public key).
    legacy = [make_statement(index_page=index_page, contact=CONTACT)[0]]
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = web_host()
    sealed = [
        make_statement(index_page=index_page, contact=f"{CONTACT} {n}")[0]
        for n in range(3)
    ]
    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = []
    cipher = get_cipher()
    assert not cipher.can_decrypt
    for statement in [*legacy, *sealed]:
        with pytest.raises(PrivateKeyUnavailable):
            cipher.decrypt(stored(statement))


@pytest.mark.django_db
def test_the_contact_view_on_the_web_host_says_where_contacts_are_read(
    client, index_page, on_web_host
):
    statement, _ = make_statement(index_page=index_page, contact=CONTACT)
    logged_in(client, moderation_user(CONTACT_OFFICERS))

    page = client.get(contact_url(statement))
    assert page.status_code == 200
    assert ON_ADMIN_HOST in page.text
    assert "Show contact details" not in page.text

    answer = client.post(contact_url(statement))
    assert answer.status_code == 200
    assert ON_ADMIN_HOST in answer.text
    assert CONTACT not in answer.text
    assert views_logged(statement) == 0  # nothing was read


@pytest.mark.django_db
def test_the_contact_officer_reads_the_contact_on_the_admin_host(
    client, index_page, settings
):
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = web_host()
    statement, _ = make_statement(index_page=index_page, contact=CONTACT)
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = admin_host()
    logged_in(client, moderation_user(CONTACT_OFFICERS))

    page = client.get(contact_url(statement))
    assert ON_ADMIN_HOST not in page.text
    assert "Show contact details" in page.text
    answer = client.post(contact_url(statement))
    assert answer.status_code == 200
    assert CONTACT in answer.text
    assert views_logged(statement) == 1


@pytest.mark.django_db
def test_the_export_on_the_web_host_holds_no_contact(client, index_page, on_web_host):
    make_statement(index_page=index_page, contact=CONTACT)
    client.force_login(user_with("export_statements", "view_contact"))
    response = client.post(
        "/admin/tuidang/transfer/export/",
        {"format": "csv", "status": "", "include_contact": "on"},
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert CONTACT not in text
    assert ON_ADMIN_HOST in row["contact"]


@pytest.mark.django_db
def test_the_export_command_on_the_web_host_refuses_contacts(
    tmp_path, index_page, on_web_host
):
    make_statement(index_page=index_page, contact=CONTACT)
    output = tmp_path / "out.csv"
    with pytest.raises(CommandError, match="admin host"):
        call_command("tuidang_export", "--contact", "--output", str(output))
    assert not output.exists()


@pytest.mark.django_db
def test_the_export_on_the_admin_host_holds_the_contact(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = admin_host()
    make_statement(index_page=index_page, contact=CONTACT)
    client.force_login(user_with("export_statements", "view_contact"))
    response = client.post(
        "/admin/tuidang/transfer/export/",
        {"format": "csv", "status": "", "include_contact": "on"},
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert [row["contact"] for row in csv.DictReader(io.StringIO(text))] == [CONTACT]


# Round trips and tampering -------------------------------------------------------


@pytest.mark.parametrize(
    "contact",
    [
        CONTACT,
        "Telegram @自由_2025 😀🇹🇼",
        "مرحبا \u202eevil",  # right-to-left text and a bidi override
        "e\u0301 combining, NUL-free, tab\tand\nnewline",
        "x" * 500,
    ],
)
def test_contacts_round_trip_through_the_key_pair(contact):
    web = PublicKeyCipher([], PUBLIC_KEY=PUBLIC)
    admin = PublicKeyCipher([], PUBLIC_KEY=PUBLIC, PRIVATE_KEYS=[PRIVATE])
    token = web.encrypt(contact)
    assert token.isascii() and contact not in token
    assert admin.decrypt(token) == contact


def test_each_encryption_is_different():
    web = PublicKeyCipher([], PUBLIC_KEY=PUBLIC)
    assert web.encrypt(CONTACT) != web.encrypt(CONTACT)


def flip(token, position):
    prefix, kid, body = token.split(":", 2)
    chars = list(body)
    chars[position] = "A" if chars[position] != "A" else "B"
    return f"{prefix}:{kid}:{''.join(chars)}"


@pytest.mark.parametrize("position", [0, 20, 50, -5])
def test_a_tampered_token_is_refused(position):
    admin = PublicKeyCipher([], PUBLIC_KEY=PUBLIC, PRIVATE_KEYS=[PRIVATE])
    token = admin.encrypt(CONTACT)
    with pytest.raises(DecryptionError):
        admin.decrypt(flip(token, position))


@pytest.mark.parametrize(
    "token",
    ["pk1:", "pk1:0000000000000000:abc", "pk1:x:y:z", "pk1:é:é", "garbage", ""],
)
def test_a_malformed_token_is_refused(token):
    admin = PublicKeyCipher([], PUBLIC_KEY=PUBLIC, PRIVATE_KEYS=[PRIVATE])
    with pytest.raises(DecryptionError):
        admin.decrypt(token)


def test_a_token_for_another_key_pair_is_refused():
    other = PublicKeyCipher([], PUBLIC_KEY=OLD_PUBLIC).encrypt(CONTACT)
    admin = PublicKeyCipher([], PUBLIC_KEY=PUBLIC, PRIVATE_KEYS=[PRIVATE])
    with pytest.raises(DecryptionError, match="No private key"):
        admin.decrypt(other)


def test_a_header_moved_to_another_key_id_is_refused():
    """The key id is authenticated: relabelling a token breaks it."""
    admin = PublicKeyCipher([], PUBLIC_KEY=PUBLIC, PRIVATE_KEYS=[PRIVATE, OLD_PRIVATE])
    token = admin.encrypt(CONTACT)
    old_id = PublicKeyCipher([], PUBLIC_KEY=OLD_PUBLIC).public_key_id
    relabelled = ":".join(["pk1", old_id, token.split(":", 2)[2]])
    with pytest.raises(DecryptionError):
        admin.decrypt(relabelled)


@pytest.mark.django_db
def test_the_contact_view_reports_a_tampered_contact_not_a_500(
    client, index_page, settings
):
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = admin_host()
    statement, _ = make_statement(index_page=index_page, contact=CONTACT)
    Statement.objects.filter(pk=statement.pk).update(
        contact_encrypted=flip(stored(statement), 10)
    )
    logged_in(client, moderation_user(CONTACT_OFFICERS))
    response = client.post(contact_url(statement))
    assert response.status_code == 200
    assert "cannot be decrypted" in response.text
    assert views_logged(statement) == 0


# Rotation ------------------------------------------------------------------------


def rotate(*args):
    out, err = StringIO(), StringIO()
    call_command("tuidang_rotate_keys", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_fernet_contacts_move_to_the_public_key_without_the_private_key(
    index_page, settings
):
    """Run where the old Fernet key and the new public key are configured."""
    fernet_keys = settings.WAGTAIL_TUIDANG_CONTACT_KEYS
    contacts = [f"{CONTACT} #{n}" for n in range(5)]
    statements = [make_statement(index_page=index_page, contact=c)[0] for c in contacts]
    make_statement(index_page=index_page)  # no contact: left alone
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = web_host()

    out, err = rotate("--batch-size", "2")
    assert "Re-encrypted 5 contact details." in out
    assert err == ""
    assert all(stored(s).startswith("pk1:") for s in statements)

    again, _ = rotate()  # safe to re-run: nothing left to do
    assert "Re-encrypted 0 contact details." in again
    assert "5 contact details already use the newest key." in again

    # The Fernet key is retired; only the admin host can read them now.
    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = []
    with pytest.raises(PrivateKeyUnavailable):
        get_cipher().decrypt(stored(statements[0]))
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = admin_host()
    assert [get_cipher().decrypt(stored(s)) for s in statements] == contacts
    assert fernet_keys  # the test settings did start on Fernet


@pytest.mark.django_db
def test_a_stopped_migration_resumes_after_the_last_statement(index_page, settings):
    statements = [
        make_statement(index_page=index_page, contact=CONTACT)[0] for _ in range(3)
    ]
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = web_host()
    out, _ = rotate("--after", str(statements[0].pk))
    assert "Re-encrypted 2 contact details." in out
    assert not stored(statements[0]).startswith("pk1:")
    assert all(stored(s).startswith("pk1:") for s in statements[1:])


@pytest.mark.django_db
def test_rotation_dry_run_writes_nothing(index_page, settings):
    statement, _ = make_statement(index_page=index_page, contact=CONTACT)
    before = stored(statement)
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = web_host()
    out, _ = rotate("--dry-run")
    assert "Would re-encrypt 1 contact detail." in out
    assert stored(statement) == before


@pytest.mark.django_db
def test_key_pairs_rotate_on_the_admin_host_only(index_page, settings):
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = web_host(public=OLD_PUBLIC)
    statement, _ = make_statement(index_page=index_page, contact=CONTACT)
    old_token = stored(statement)

    # The web host, on the new public key, cannot move it: that needs the
    # old private key. It says so and keeps the token.
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = web_host()
    out, err = rotate()
    assert "Re-encrypted 0 contact details." in out
    assert "1 contact details belong to an older key pair" in err
    assert stored(statement) == old_token

    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = admin_host(private=[PRIVATE, OLD_PRIVATE])
    out, _ = rotate()
    assert "Re-encrypted 1 contact detail." in out

    # The old private key can now be destroyed.
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = admin_host()
    assert get_cipher().decrypt(stored(statement)) == CONTACT


@pytest.mark.django_db
def test_rotation_never_brings_back_a_contact_erased_meanwhile(index_page, settings):
    from wagtail_tuidang.management.commands.tuidang_rotate_keys import Command

    statement, _ = make_statement(index_page=index_page, contact=CONTACT)
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = web_host()
    command = Command()
    command.cipher = get_cipher()
    command.counts = dict.fromkeys(("rotated", "current", "unreadable", "elsewhere"), 0)
    changed = command.rotate_batch(command.next_batch(0, 10))
    Statement.objects.filter(pk=statement.pk).update(contact_encrypted="")  # purge
    command.save(changed)
    assert stored(statement) == ""


@pytest.mark.django_db
def test_unreadable_tokens_are_counted_and_kept(index_page, settings):
    statement, _ = make_statement(index_page=index_page, contact=CONTACT)
    before = stored(statement)
    settings.WAGTAIL_TUIDANG_CONTACT_CIPHER = web_host()
    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = [Fernet.generate_key().decode()]
    _, err = rotate()
    assert "1 contact details cannot be read" in err
    assert stored(statement) == before


# Keys and checks -----------------------------------------------------------------


def test_generate_key_prints_a_key_pair_once():
    out, err = StringIO(), StringIO()
    call_command("tuidang_generate_key", "--key-pair", stdout=out, stderr=err)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    private = lines["WAGTAIL_TUIDANG_CONTACT_PRIVATE_KEYS"]
    public = lines["WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY"]
    assert private.startswith("x25519-private:")
    assert public.startswith("x25519-public:")
    assert "admin host" in err.getvalue()
    token = PublicKeyCipher([], PUBLIC_KEY=public).encrypt(CONTACT)
    admin = PublicKeyCipher([], PUBLIC_KEY=public, PRIVATE_KEYS=[private])
    assert admin.decrypt(token) == CONTACT


def cipher_errors(cipher, keys=()):
    with override_settings(
        WAGTAIL_TUIDANG_CONTACT_CIPHER=cipher, WAGTAIL_TUIDANG_CONTACT_KEYS=list(keys)
    ):
        return [
            *checks.check_contact_keys(None),
            *checks.check_contact_cipher(None),
            *checks.check_public_key_cipher(None),
        ]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"PUBLIC_KEY": ""},
        {"PUBLIC_KEY": "x25519-public:not-base64!"},
        {"PUBLIC_KEY": "x25519-public:" + "A" * 10},
        {"PUBLIC_KEY": PRIVATE},  # the private key in the public key's place
        {"PUBLIC_KEY": "x25519-public:" + "A" * 43 + "="},  # a low-order point
        {"PUBLIC_KEY": PUBLIC.removeprefix("x25519-public:")},
        {"PUBLIC_KEY": PUBLIC, "PRIVATE_KEYS": ["x25519-private:broken"]},
        {"PUBLIC_KEY": PUBLIC, "PRIVATE_KEYS": [PRIVATE[:-6]]},  # cut short
        {"PUBLIC_KEY": PUBLIC, "PRIVATE_KEYS": [PUBLIC]},
        {"PUBLIC_KEY": PUBLIC, "PRIVATE_KEYS": PRIVATE},  # a string, not a list
    ],
)
def test_a_malformed_key_is_an_error(options):
    errors = cipher_errors({"CLASS": CIPHER, "OPTIONS": options})
    assert [e.id for e in errors] == ["wagtail_tuidang.E005"]
    assert PRIVATE.removeprefix("x25519-private:")[:4] not in errors[0].msg


def test_the_web_host_needs_no_fernet_key():
    assert cipher_errors(web_host()) == []
    assert cipher_errors(admin_host()) == []


def test_private_keys_that_cannot_read_new_contacts_are_a_warning():
    errors = cipher_errors(admin_host(private=[OLD_PRIVATE]))
    assert [e.id for e in errors] == ["wagtail_tuidang.W004"]


def test_a_fernet_key_still_configured_for_the_migration_is_checked():
    errors = cipher_errors(web_host(), keys=["broken"])
    assert [e.id for e in errors] == ["wagtail_tuidang.E005"]


# The example site ----------------------------------------------------------------


def test_the_example_sites_web_host_cannot_read_what_its_admin_host_can(
    monkeypatch,
):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "tuidang.example.org")
    monkeypatch.setenv("WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY", PUBLIC)
    monkeypatch.setenv("WAGTAIL_TUIDANG_CONTACT_PRIVATE_KEYS", PRIVATE)
    production = importlib.reload(
        importlib.import_module("example_site.settings.production")
    )
    admin = importlib.reload(importlib.import_module("example_site.settings.admin"))

    def build(module):
        config = module.WAGTAIL_TUIDANG_CONTACT_CIPHER
        assert config["CLASS"] == CIPHER
        return PublicKeyCipher(module.WAGTAIL_TUIDANG_CONTACT_KEYS, **config["OPTIONS"])

    web = build(production)
    assert "PRIVATE_KEYS" not in production.WAGTAIL_TUIDANG_CONTACT_CIPHER["OPTIONS"]
    token = web.encrypt(CONTACT)
    with pytest.raises(PrivateKeyUnavailable):
        web.decrypt(token)
    assert build(admin).decrypt(token) == CONTACT
