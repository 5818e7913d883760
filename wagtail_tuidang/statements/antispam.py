"""Anti-spam without any third-party service: a honeypot field, a signed,
single-use render time, a proof of work and limits per client, per network
and for everyone.

None of them refuses a statement. Each sets a flag that moderators see, because
the people this site serves share VPN exits, leave forms open for hours and use
old browsers; refusing them would lose real statements, while a flagged
statement only waits for a human.
"""

import secrets

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .. import cache
from ..conf import get_setting
from . import limits, proof, spent
from .client import client_key

RENDER_SALT = "wagtail_tuidang.statements.antispam.rendered"
#: A form older than this counts as "no valid render time".
TOKEN_MAX_AGE = 24 * 60 * 60
HONEYPOT_FIELD = "website"
RENDER_FIELD = "rendered"
#: What tokens signed before they carried a nonce: shared by every form
#: rendered then, so it tells no rendering apart.
LEGACY_NONCE = "statement-form"


def _signer():
    return signing.TimestampSigner(salt=RENDER_SALT)


def new_token():
    """A signed token recording when a form was rendered, around a random
    nonce that tells this rendering apart from every other (see
    :mod:`.resends`)."""
    return _signer().sign(secrets.token_urlsafe(16))


def token_nonce(token):
    """The nonce of an untampered token, however old; None otherwise."""
    try:
        nonce = _signer().unsign(token or "")
    except signing.BadSignature:
        return None
    return None if nonce == LEGACY_NONCE else nonce


def part_token(token, part):
    """A token standing for ``part`` of the form rendered with ``token`` (a
    row of a sheet of statements): its nonce is the form's and the part's, so
    each part is stored once however often the form is sent, and two parts
    saying the same thing are still two statements. None for a token without a
    usable nonce."""
    nonce = token_nonce(token)
    if nonce is None:
        return None
    return _signer().sign(f"{nonce}/{part}")


def token_is_valid(token):
    """True if ``token`` is an untampered render token less than a day old."""
    try:
        _signer().unsign(token or "", max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return False
    return True


def looks_too_fast(token):
    """True if the form was sent sooner than ``MIN_FILL_SECONDS`` after it was
    rendered, or if the token is missing, tampered with or over a day old.

    A bad token is flagged rather than refused: a person may keep the form open
    overnight, or a proxy or translation tool may mangle a hidden field, and
    their statement must not be lost for it; a moderator will look at it.
    """
    if not token_is_valid(token):
        return True
    try:
        # Unsigning with max_age succeeds only while the token is younger.
        _signer().unsign(token, max_age=get_setting("MIN_FILL_SECONDS"))
    except signing.SignatureExpired:
        return False
    return True


def checks_batch():
    """A new :class:`~wagtail_tuidang.cache.Batch` for
    :func:`submission_checks`: of the rate-limit cache."""
    return cache.Batch(using=get_setting("RATELIMIT_CACHE"))


def submission_checks(request, token=None, batch=None):
    """The flags of the checks that run on a valid submission from
    ``request`` besides the form's own (:meth:`AntiSpamForm.spam_flags`):
    the one place where such a check is added. The limits of
    :mod:`.limits`, the proof of work of :mod:`.proof`, and the render
    ``token`` counted once: a second statement sent with one rendered form
    is flagged "form used before" (its exact resend stores nothing, see
    :mod:`.resends`); so is a second statement with one solved challenge.

    Every cache call of these checks goes in one batch: on Redis, one round
    trip (see :class:`~wagtail_tuidang.cache.Batch`). Returns ``(flags,
    question)``: the question (or None) finds this submission's tokens among
    those spent in the database while the cache could not be reached, and a
    row it finds means the form was used before. It is left to the caller's
    own query: :func:`.transitions.submit` takes it as ``replayed_if``.

    ``batch``, one of :func:`checks_batch`, may carry calls of the caller's
    own, to go in the same round trip; their answers are in
    ``batch.answers`` afterwards."""
    if batch is None:
        batch = checks_batch()
    limit_flags = limits.queue_submission(batch, request)
    spending = spent.Spending(batch)
    nonce = token_nonce(token) if token_is_valid(token) else None
    # A token missing, tampered with or expired is flagged "too fast" already.
    if nonce is not None:
        spending.spend("render", nonce, TOKEN_MAX_AGE)
    proven = None
    if proof.enabled():
        proven = proof.verified_nonce(request.POST.get(proof.FIELD))
    if proven is not None:
        spending.spend("proof", proven, get_setting("POW_EXPIRY"))
    answers = batch.run()
    flags = limit_flags(answers)
    flags["flag_no_proof"] = proof.enabled() and proven is None
    first_uses, spent_before = spending.first_uses(answers)
    flags["flag_replayed"] = not all(first_uses.values())
    return flags, spent_before


def over_limit(request, purpose, limit):
    """Count one event for this client and ``purpose``; True once more than
    ``limit`` happened in the current window, None if it is unknown.

    Counters live only in the ``RATELIMIT_CACHE`` cache, under keyed hashes
    (see :mod:`.client`); they expire with their window. If that cache cannot
    be reached, nothing is counted and the answer is None: a statement must
    not be lost to an outage, so the caller stores it flagged "rate limit
    unknown" for moderators rather than refusing it or passing it silently.
    """
    key = f"wagtail_tuidang:ratelimit:{purpose}:{client_key(request, purpose)}"
    try:
        return _count(key) > limit
    except cache.CacheUnavailable:  # already logged, without the key
        return None


def _count(key):
    return cache.count(
        key,
        get_setting("RATELIMIT_WINDOW"),
        using=get_setting("RATELIMIT_CACHE"),
    )


class HoneypotInput(forms.TextInput):
    """A text input people never see or reach, and that never shows a value
    back (a re-rendered form must not teach a bot what it typed)."""

    def __init__(self, attrs=None):
        defaults = {"tabindex": "-1", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        return None


class RenderTimeInput(forms.HiddenInput):
    """The signed render time: keeps a valid submitted token (the clock runs
    from the first render) and signs a fresh one otherwise."""

    def format_value(self, value):
        return value if token_is_valid(value) else new_token()


class AntiSpamForm(forms.Form):
    """A form carrying the honeypot and the render time. After ``is_valid()``,
    :meth:`spam_flags` gives the flags to set on the statement."""

    # A plain Field never raises: whatever a bot puts here is only a flag.
    website = forms.Field(
        label=_("Leave this field empty"), required=False, widget=HoneypotInput
    )
    rendered = forms.Field(required=False, widget=RenderTimeInput)

    def spam_flags(self):
        """``{"flag_honeypot": …, "flag_too_fast": …}`` for the cleaned data."""
        return {
            "flag_honeypot": bool(self.cleaned_data.get(HONEYPOT_FIELD)),
            "flag_too_fast": looks_too_fast(self.cleaned_data.get(RENDER_FIELD)),
        }
