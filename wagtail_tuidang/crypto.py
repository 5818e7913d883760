"""Encryption of contact details at rest, behind a pluggable cipher backend.

The backend is configured as ``{"CLASS": "dotted.path", "OPTIONS": {...}}`` in
``WAGTAIL_TUIDANG_CONTACT_CIPHER``. :class:`FernetCipher` (the default) is
symmetric: whoever runs the web process can read every contact.
:class:`PublicKeyCipher` encrypts to a public key, so the public web host can
store contact details but not read them; contact officers read them on an
admin host that alone holds the private key.
"""

import base64
import binascii
import hashlib
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .conf import get_setting


class DecryptionError(Exception):
    """The ciphertext cannot be read with any configured key."""


class PrivateKeyUnavailable(DecryptionError):
    """This host holds no private key: contact details are read elsewhere."""


class BaseCipher:
    """Turn contact text into an opaque token and back.

    Subclasses implement :meth:`encrypt` and :meth:`decrypt`; :meth:`rotate`
    re-encrypts a token under the newest key (used by ``tuidang_rotate_keys``).
    """

    #: Whether the cipher needs ``WAGTAIL_TUIDANG_CONTACT_KEYS`` to encrypt.
    needs_keys = True

    def __init__(self, keys, **options):
        self.keys = list(keys)
        self.options = options

    @property
    def can_decrypt(self):
        """Override this to say when this host cannot read any contact."""
        return True

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


def _frozen(value):
    # Lists (e.g. several private keys) become tuples to serve as a cache key.
    return tuple(value) if isinstance(value, list) else value


def get_cipher():
    """Return the configured cipher; built once per distinct configuration."""
    config = get_setting("CONTACT_CIPHER")
    options = tuple(
        sorted(
            (name, _frozen(value)) for name, value in config.get("OPTIONS", {}).items()
        )
    )
    return _build_cipher(config["CLASS"], tuple(get_setting("CONTACT_KEYS")), options)


def can_encrypt():
    """Whether contact details can be stored: the configured cipher builds
    (with its keys). A form never offers a field the site cannot store."""
    try:
        get_cipher()
    except ImproperlyConfigured:
        return False
    return True


# Public-key encryption ---------------------------------------------------------
#
# X25519 key agreement with a fresh key per contact, HKDF-SHA256 and
# ChaCha20-Poly1305: an "ECIES" sealed box built from `cryptography`, which the
# plugin already needs for Fernet. A token reads
#   pk1:<key id>:<base64url(ephemeral public key || ciphertext and tag)>
# where the key id names the recipient key pair (so several private keys can
# be configured during a rotation), and the prefix tells these tokens from
# Fernet ones (which start "gAAAAA") in the same column.

PUBLIC_KEY_PREFIX = "x25519-public:"
PRIVATE_KEY_PREFIX = "x25519-private:"
CIPHERTEXT_VERSION = "pk1"
_HKDF_INFO = b"wagtail-tuidang contact pk1"


def _b64encode(data):
    return base64.urlsafe_b64encode(data).decode("ascii")


def _b64decode(text):
    return base64.urlsafe_b64decode(text.encode("ascii"))


def _raw_public(public_key):
    return public_key.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def _raw_private(private_key):
    return private_key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def key_id(public_key):
    """The short name of a key pair written into each token: 16 hex digits."""
    return hashlib.sha256(_raw_public(public_key)).hexdigest()[:16]


def _parse_key(text, prefix, loader, what):
    if not isinstance(text, str) or not text.startswith(prefix):
        raise ImproperlyConfigured(
            f"The contact {what} key must be a string starting {prefix!r}, as "
            "printed by `manage.py tuidang_generate_key --key-pair`."
        )
    try:
        raw = _b64decode(text.removeprefix(prefix))
        return loader(raw)
    except (ValueError, UnicodeError, binascii.Error) as error:
        # Not a character of a private key in a message that may be logged.
        shown = f" {text[: len(prefix) + 4]}…" if what == "public" else ""
        raise ImproperlyConfigured(
            f"The contact {what} key{shown} is not a valid X25519 key "
            "(32 bytes, url-safe base64)."
        ) from error


def _usable_public_key(raw):
    public_key = X25519PublicKey.from_public_bytes(raw)
    # A low-order point (e.g. all zeros) parses but fails every key agreement:
    # refuse it here, not at a submitter's first contact.
    X25519PrivateKey.generate().exchange(public_key)
    return public_key


def load_public_key(text):
    """Parse ``x25519-public:…``; raise ImproperlyConfigured when malformed."""
    return _parse_key(text, PUBLIC_KEY_PREFIX, _usable_public_key, "public")


def load_private_key(text):
    """Parse ``x25519-private:…``; raise ImproperlyConfigured when malformed."""
    return _parse_key(
        text, PRIVATE_KEY_PREFIX, X25519PrivateKey.from_private_bytes, "private"
    )


def generate_key_pair():
    """Return ``(private, public)`` key texts for a new key pair."""
    private = X25519PrivateKey.generate()
    return (
        PRIVATE_KEY_PREFIX + _b64encode(_raw_private(private)),
        PUBLIC_KEY_PREFIX + _b64encode(_raw_public(private.public_key())),
    )


def _content_key(shared, ephemeral, recipient):
    # A fresh ephemeral key per token makes each derived key single-use, so
    # the nonce can be derived too rather than stored.
    material = HKDF(
        algorithm=hashes.SHA256(),
        length=44,
        salt=None,
        info=_HKDF_INFO + ephemeral + recipient,
    ).derive(shared)
    return ChaCha20Poly1305(material[:32]), material[32:]


class PublicKeyCipher(BaseCipher):
    """Encrypt to a public key; decrypt only where a private key is configured.

    ``OPTIONS``: ``PUBLIC_KEY`` (required: new contacts are encrypted to it)
    and ``PRIVATE_KEYS`` (a list, only on the admin host where contact
    officers read contacts; several during a rotation). Fernet tokens stored
    before the switch are read, and re-encrypted by ``tuidang_rotate_keys``,
    with the Fernet keys still in ``WAGTAIL_TUIDANG_CONTACT_KEYS``.
    """

    needs_keys = False

    def __init__(self, keys, **options):
        super().__init__(keys, **options)
        if "PUBLIC_KEY" not in options:
            raise ImproperlyConfigured(
                "PublicKeyCipher needs OPTIONS['PUBLIC_KEY'] (an x25519-public: key)."
            )
        self.public_key = load_public_key(options["PUBLIC_KEY"])
        self.public_key_id = key_id(self.public_key)
        private_keys = options.get("PRIVATE_KEYS") or ()
        if isinstance(private_keys, str):
            raise ImproperlyConfigured("OPTIONS['PRIVATE_KEYS'] must be a list.")
        self.private_keys = {}
        for text in private_keys:
            private = load_private_key(text)
            self.private_keys[key_id(private.public_key())] = private
        self._fernet = FernetCipher(self.keys) if self.keys else None

    @property
    def can_decrypt(self):
        return bool(self.private_keys)

    def encrypt(self, plaintext):
        ephemeral = X25519PrivateKey.generate()
        ephemeral_raw = _raw_public(ephemeral.public_key())
        aead, nonce = _content_key(
            ephemeral.exchange(self.public_key),
            ephemeral_raw,
            _raw_public(self.public_key),
        )
        header = f"{CIPHERTEXT_VERSION}:{self.public_key_id}:"
        sealed = aead.encrypt(nonce, plaintext.encode("utf-8"), header.encode("ascii"))
        return header + _b64encode(ephemeral_raw + sealed)

    def decrypt(self, token):
        if not self.can_decrypt:
            raise PrivateKeyUnavailable(
                "Contact details can be read on the admin host only."
            )
        if not is_public_key_token(token):
            return self._decrypt_fernet(token)
        prefix, kid, body = (token.split(":", 2) + ["", ""])[:3]
        private = self.private_keys.get(kid)
        if private is None:
            raise DecryptionError(f"No private key with id {kid} is configured.")
        try:
            raw = _b64decode(body)
            ephemeral_raw, sealed = raw[:32], raw[32:]
            aead, nonce = _content_key(
                private.exchange(X25519PublicKey.from_public_bytes(ephemeral_raw)),
                ephemeral_raw,
                _raw_public(private.public_key()),
            )
            header = f"{prefix}:{kid}:".encode("ascii")
            return aead.decrypt(nonce, sealed, header).decode("utf-8")
        except (InvalidTag, ValueError, UnicodeError, binascii.Error) as error:
            raise DecryptionError("Contact details cannot be decrypted.") from error

    def _decrypt_fernet(self, token):
        if self._fernet is None:
            raise DecryptionError(
                "A Fernet token, and no WAGTAIL_TUIDANG_CONTACT_KEYS to read it."
            )
        return self._fernet.decrypt(token)

    def is_current(self, token):
        """Whether ``token`` is already encrypted to the configured public key."""
        return token.startswith(f"{CIPHERTEXT_VERSION}:{self.public_key_id}:")

    def rotate(self, token):
        """Re-encrypt to the public key; return ``token`` itself when current.

        A Fernet token needs only the Fernet keys, so the migration runs on
        the web host; a token for an older key pair needs its private key.
        """
        if self.is_current(token):
            return token
        if is_public_key_token(token):
            if not self.can_decrypt:
                raise PrivateKeyUnavailable(
                    "Contact details for an older key pair are re-encrypted "
                    "on the admin host."
                )
            return self.encrypt(self.decrypt(token))
        return self.encrypt(self._decrypt_fernet(token))


def is_public_key_token(token):
    """Whether ``token`` was written by :class:`PublicKeyCipher`."""
    return token.startswith(CIPHERTEXT_VERSION + ":")
