"""Encryption of contact details at rest, behind a pluggable cipher backend.

The backend is configured as ``{"CLASS": "dotted.path", "OPTIONS": {...}}`` in
``WAGTAIL_TUIDANG_CONTACT_CIPHER``. A site whose web host must not be able to
read contact details can plug in a public-key backend whose ``decrypt`` runs
elsewhere.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .conf import get_setting


class DecryptionError(Exception):
    """The ciphertext cannot be read with any configured key."""


class BaseCipher:
    """Turn contact text into an opaque token and back.

    Subclasses implement :meth:`encrypt` and :meth:`decrypt`; :meth:`rotate`
    re-encrypts a token under the newest key (used by ``tuidang_rotate_keys``).
    """

    def __init__(self, keys, **options):
        self.keys = list(keys)
        self.options = options

    def encrypt(self, plaintext: str) -> str:
        raise NotImplementedError  # pragma: no cover - abstract

    def decrypt(self, token: str) -> str:
        raise NotImplementedError  # pragma: no cover - abstract

    def rotate(self, token: str) -> str:
        """Override this to re-encrypt without exposing the plaintext."""
        return self.encrypt(self.decrypt(token))


class FernetCipher(BaseCipher):
    """Symmetric authenticated encryption (AES-128-CBC + HMAC) with key rotation.

    ``WAGTAIL_TUIDANG_CONTACT_KEYS`` lists Fernet keys, newest first: new tokens
    use the first, and every key can still decrypt. ``tuidang_generate_key``
    prints a new key.
    """

    def __init__(self, keys, **options):
        super().__init__(keys, **options)
        if not self.keys:
            raise ImproperlyConfigured("WAGTAIL_TUIDANG_CONTACT_KEYS is empty.")
        try:
            self._fernet = MultiFernet([Fernet(key) for key in self.keys])
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(
                "WAGTAIL_TUIDANG_CONTACT_KEYS must hold Fernet keys "
                "(32 url-safe base64-encoded bytes)."
            ) from error

    def encrypt(self, plaintext):
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token):
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as error:
            raise DecryptionError("Contact details cannot be decrypted.") from error

    def rotate(self, token):
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken as error:
            raise DecryptionError("Contact details cannot be decrypted.") from error


@lru_cache(maxsize=8)
def _build_cipher(class_path, keys, options):
    return import_string(class_path)(keys, **dict(options))


def get_cipher():
    """Return the configured cipher; built once per distinct configuration."""
    config = get_setting("CONTACT_CIPHER")
    options = tuple(sorted(config.get("OPTIONS", {}).items()))
    return _build_cipher(config["CLASS"], tuple(get_setting("CONTACT_KEYS")), options)
