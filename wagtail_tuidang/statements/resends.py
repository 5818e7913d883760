"""A form sent twice is stored once.

Each rendering of a statement form carries a random nonce inside its signed
render token (:mod:`.antispam`). The statement stores a keyed hash of that
nonce and of what it says as ``Statement.submission_key``, whose unique
constraint lets only the first of any number of sends of one rendered form
insert a row: a double click, a browser retry, a proxy re-sending after a
timeout, a person pressing "send" again after an error, even two of them at the
same moment.

What the statement says is part of the key so that one token never stands for
two different statements: a form restored by the browser's back button and
filled in for someone else, or a page with the statement form block wrongly
cached for many visitors, still stores each statement.

A resend cannot be answered with the first send's receipt code: only the
code's hash is stored, and keeping the code anywhere to repeat it would hand it
to whoever holds the form's token. The view says instead that the statement was
already received and how to check it.
"""

from django.db import IntegrityError
from django.utils.crypto import salted_hmac

from . import antispam, transitions
from .choices import Organisation
from .models import Statement

SALT = "wagtail_tuidang.statements.resends"


def submission_key(token, statement):
    """The stored key of ``statement`` sent with the render ``token``: an
    HMAC (keyed from ``SECRET_KEY`` under this module's own salt, so the column
    cannot be matched against tokens or texts seen elsewhere), or None for a
    token without a usable nonce."""
    nonce = antispam.token_nonce(token)
    if nonce is None:
        return None
    message = "\x1f".join(str(part) for part in (nonce, *_content(statement)))
    return salted_hmac(SALT, message, algorithm="sha256").hexdigest()


def _content(statement):
    yield from (statement.index_page_id, statement.name, statement.alias)
    yield from (statement.is_real_name, statement.consent_real_name)
    yield from (getattr(statement, org.field_name) for org in Organisation)
    yield from (statement.people_count, statement.region, statement.declared_on)
    yield statement.text


def submit_once(statement, token, contact="", replayed_if=None):
    """Store ``statement``, sent with the render ``token``, through
    ``transitions.submit`` (with ``replayed_if``) and return its receipt
    code; or return None, storing nothing, when the same form already stored
    the same statement."""
    statement.submission_key = submission_key(token, statement)
    try:
        return transitions.submit(statement, contact=contact, replayed_if=replayed_if)
    except IntegrityError:
        # Another unique column (receipt hash, public id) is a real failure.
        if not already_received(statement.submission_key):
            raise
        return None


def already_received(key):
    """True if a statement with this submission key is stored."""
    return key is not None and Statement.objects.filter(submission_key=key).exists()
