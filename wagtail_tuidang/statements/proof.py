"""Proof of work: each rendered form carries a challenge that the browser
solves before sending, so that sending a thousand statements costs a
thousand solutions, while one person waits a second or two.

The challenge and its check follow ALTCHA's open protocol (v2), through the
``altcha`` package; the widget that solves it is served from the plugin's own
static files (``vendor/altcha``), so no request leaves the site. The
algorithm is PBKDF2/SHA-256, which browsers compute natively (Web Crypto), and
which the server checks with a single derivation.

The difficulty rises with recent volume: from the client's address and
networks (see :func:`.client.network_keys`) and from everyone. Nothing here
refuses a statement. A form sent without a valid proof (no JavaScript, an
old browser, a solver that gave up) is stored flagged "no proof of work"; a
challenge used before is flagged "form used before" (see :mod:`.spent`).
"""

import base64
import json
import math
import time

import altcha
from django.conf import settings
from django.utils.crypto import salted_hmac

from .. import cache
from ..conf import get_setting
from . import limits

FIELD = "altcha"
ALGORITHM = "PBKDF2/SHA-256"
#: One attempt in 256 matches: the expected work is 256 × the cost.
KEY_PREFIX = "00"
SALT = "wagtail_tuidang.statements.proof"


def enabled():
    """True unless ``POW_COST`` is 0."""
    return get_setting("POW_COST") > 0


def _secret():
    return salted_hmac(SALT, "challenge", secret=settings.SECRET_KEY).hexdigest()


def difficulty_steps(request):
    """How many times the cost is doubled for ``request``'s client: one
    step per doubling of recent submissions over the client's limits (its
    address and networks) and over the global rate, at most
    ``POW_MAX_STEPS``. Zero when the cache cannot be read."""
    keys = limits.limit_keys(request)
    counts = cache.get_many(list(keys), using=get_setting("RATELIMIT_CACHE"))
    ratio = max((counts.get(key, 0) / limit for key, limit in keys.items()), default=0)
    steps = int(math.log2(1 + ratio)) if ratio else 0
    return min(steps, get_setting("POW_MAX_STEPS"))


def cost_for(steps):
    """PBKDF2 iterations per attempt at ``steps`` of difficulty."""
    return get_setting("POW_COST") * 2**steps


def new_challenge(request=None, steps=None):
    """A signed challenge (a JSON-ready dict) for a form rendered now."""
    if steps is None:
        steps = difficulty_steps(request) if request is not None else 0
    challenge = altcha.create_challenge(
        ALGORITHM,
        cost_for(steps),
        key_prefix=KEY_PREFIX,
        expires_at=int(time.time()) + get_setting("POW_EXPIRY"),
        hmac_secret=_secret(),
    )
    return challenge.to_dict()


def challenge_json(request):
    """The challenge as the widget's ``challenge`` attribute wants it."""
    return json.dumps(new_challenge(request), separators=(",", ":"))


def verified(payload):
    """True if ``payload`` solves a challenge this site signed, unexpired
    (whether it was used before is :func:`.antispam.submission_checks`'
    business)."""
    return verified_nonce(payload) is not None


def verified_nonce(payload):
    """The nonce of the challenge ``payload`` solves, if this site signed
    it and it is unexpired; None otherwise. One key derivation at the
    challenge's cost: what makes a solution a proof."""
    if not payload or not isinstance(payload, str) or len(payload) > 4000:
        return None
    try:
        solution = altcha.Payload.from_dict(
            json.loads(base64.b64decode(payload, validate=True))
        )
        result = altcha.verify_solution(solution, _secret())
    except Exception:  # a malformed payload is only an unproven form
        return None
    if not result.verified:
        return None
    # Only our own algorithm and prefix: the signature covers them, but a
    # future secret shared with another use must not widen what passes.
    parameters = solution.challenge.parameters
    if parameters.algorithm != ALGORITHM or parameters.key_prefix != KEY_PREFIX:
        return None
    return parameters.nonce
