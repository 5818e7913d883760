"""Receipt codes: shown once to the submitter, only their hash is stored."""

import hashlib
import secrets

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand
# survives; 20 characters carry 100 bits.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20
GROUP = 4
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_code():
    """A new random receipt code, formatted in readable groups: 100 random
    bits from the system's generator, read 5 at a time (one draw, not one
    per character)."""
    bits = secrets.randbits(5 * LENGTH)
    raw = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(LENGTH))
    return format_code(raw)


def format_code(raw):
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise(code):
    """The canonical form of a typed code: case, dashes, spaces and confusable
    letters do not matter. Returns None if it cannot be a receipt code."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def hash_code(code):
    """The stored form of a code. The code has 100 bits of entropy, so a plain
    SHA-256 cannot be reversed by guessing."""
    canonical = normalise(code)
    if canonical is None:
        return None
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()
