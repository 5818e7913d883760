"""Contact details are encrypted at rest, with rotatable keys."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from tests.factories import make_statement
from wagtail_tuidang.crypto import DecryptionError, FernetCipher, get_cipher
from wagtail_tuidang.models import Statement

CANARY = "canary-contact-4471@example.invalid"


def test_round_trip_and_no_plaintext_in_the_token():
    cipher = FernetCipher([Fernet.generate_key().decode()])
    token = cipher.encrypt("微信 wx_李四 ☎ +86 138 0000 0000")
    assert "138" not in token and "wx_" not in token
    assert cipher.decrypt(token) == "微信 wx_李四 ☎ +86 138 0000 0000"


def test_a_token_from_another_key_cannot_be_read():
    token = FernetCipher([Fernet.generate_key().decode()]).encrypt("x")
    with pytest.raises(DecryptionError):
        FernetCipher([Fernet.generate_key().decode()]).decrypt(token)


@pytest.mark.parametrize("keys", [[], ["not-a-key"], [b"short"]])
def test_unusable_keys_are_a_configuration_error(keys):
    with pytest.raises(ImproperlyConfigured):
        FernetCipher(keys)


def test_get_cipher_reads_the_setting_at_call_time(settings):
    key = Fernet.generate_key().decode()
    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = [key]
    token = get_cipher().encrypt("a")
    assert FernetCipher([key]).decrypt(token) == "a"


@pytest.mark.django_db
def test_contact_is_stored_encrypted(index_page):
    statement, _ = make_statement(index_page=index_page, contact=CANARY)
    stored = Statement.objects.values_list("contact_encrypted", flat=True).get(
        pk=statement.pk
    )
    assert CANARY not in stored
    assert get_cipher().decrypt(stored) == CANARY
    assert statement.has_contact


@pytest.mark.django_db
def test_rotate_keys_re_encrypts_under_the_newest_key(index_page, settings):
    old = settings.WAGTAIL_TUIDANG_CONTACT_KEYS[0]
    statement, _ = make_statement(index_page=index_page, contact=CANARY)
    make_statement(index_page=index_page)  # no contact: left alone
    new = Fernet.generate_key().decode()
    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = [new, old]

    call_command("tuidang_rotate_keys", stdout=(out := StringIO()))
    assert "Re-encrypted 1 contact detail." in out.getvalue()

    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = [new]
    statement.refresh_from_db()
    assert get_cipher().decrypt(statement.contact_encrypted) == CANARY


@pytest.mark.django_db
def test_rotate_keys_dry_run_writes_nothing(index_page, settings):
    statement, _ = make_statement(index_page=index_page, contact=CANARY)
    before = Statement.objects.get(pk=statement.pk).contact_encrypted
    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = [
        Fernet.generate_key().decode(),
        *settings.WAGTAIL_TUIDANG_CONTACT_KEYS,
    ]
    call_command("tuidang_rotate_keys", "--dry-run", stdout=(out := StringIO()))
    assert "Would re-encrypt 1 contact detail." in out.getvalue()
    assert Statement.objects.get(pk=statement.pk).contact_encrypted == before


@pytest.mark.django_db
def test_rotate_keys_reports_unreadable_tokens_without_losing_them(
    index_page, settings
):
    statement, _ = make_statement(index_page=index_page, contact=CANARY)
    before = Statement.objects.get(pk=statement.pk).contact_encrypted
    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = [Fernet.generate_key().decode()]
    err = StringIO()
    call_command("tuidang_rotate_keys", stdout=StringIO(), stderr=err)
    assert "1 contact details cannot be read" in err.getvalue()
    assert Statement.objects.get(pk=statement.pk).contact_encrypted == before
