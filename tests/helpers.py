"""Helpers shared by several test modules: URLs, logged-in clients, form data
and assertions. Model factories live in tests/factories.py, fixtures in
tests/conftest.py."""

import re
import threading
import time
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import signing
from django.db import connections
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from tests.factories import UserFactory
from wagtail_tuidang.moderation.setup import MODERATORS, run_setup
from wagtail_tuidang.statements import antispam, transitions

# The moderation queue ---------------------------------------------------------

QUEUE_URL = "/admin/tuidang/statements/"
XSS_NAME = '"><img src=x onerror=alert(1)>'
XSS_TEXT = "<script>alert(1)</script>"


def moderation_user(*groups, **fields):
    """A user in the named Tuidang groups (created by ``run_setup``)."""
    run_setup()
    user = UserFactory(**fields)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def moderator(**fields):
    """A user in the moderators' group."""
    return moderation_user(MODERATORS, **fields)


def logged_in(client, user):
    """``client``, logged in as ``user``."""
    client.force_login(user)
    return client


def inspect_url(statement):
    """The queue's inspect view of ``statement``."""
    return f"{QUEUE_URL}inspect/{statement.pk}/"


def decide_url(statement, action):
    """Where the inspect view's decision buttons post."""
    return f"{QUEUE_URL}decide/{statement.pk}/{action}/"


def bulk_url(action, statements, **params):
    """The bulk action ``action`` on ``statements`` (or their ids), returning
    to the queue."""
    query = "&".join(f"id={getattr(s, 'pk', s)}" for s in statements)
    extra = "".join(f"&{key}={value}" for key, value in params.items())
    url = reverse("wagtail_bulk_action", args=["wagtail_tuidang", "statement", action])
    return f"{url}?{query}&next={QUEUE_URL}{extra}"


def messages_of(response):
    """The texts of the messages Django queued for the next page."""
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def assert_escaped(html):
    """Neither of the XSS probes above came out as markup."""
    assert "<img src=x" not in html
    assert "<script>alert(1)" not in html


# The public statement form and receipts -----------------------------------------


def aged_token(seconds=60):
    """A render token as if the form had been shown ``seconds`` ago."""
    past = signing.b62_encode(int(time.time()) - seconds)
    with mock.patch.object(signing.TimestampSigner, "timestamp", lambda self: past):
        return antispam.new_token()


def solved_proof(challenge=None):
    """The proof-of-work widget's payload for ``challenge`` (a dict, as a
    form carries it; a fresh one of this site otherwise), solved as the
    browser solves it."""
    import altcha

    from wagtail_tuidang.statements import proof

    challenge = altcha.Challenge.from_dict(challenge or proof.new_challenge(steps=0))
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


def submission(**overrides):
    """POST data a person filling the form in would send."""
    data = {
        "name": "自由人",
        "organisations": ["party", "youth_league"],
        "people_count": "2",
        "region": "gd",
        "text": "我声明退出中共及其相关组织。",
        "declared_on": timezone.localdate().isoformat(),
        "contact": "",
        "website": "",
        "rendered": aged_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit_url(page):
    """The statement form below the index ``page``."""
    return page.url + "submit/"


def receipt_url(page):
    """The receipt look-up below the index ``page``."""
    return page.url + "receipt/"


def code_in(response):
    """The receipt code shown on a submit_done page."""
    text = response.content.decode()
    match = re.search(r'class="td-receipt__code"[^>]*><code>(.*?)</code>', text)
    assert match, "no receipt code on the page"
    return re.sub(r"<[^>]+>", "", match.group(1))


# Articles ---------------------------------------------------------------------


def titles(html):
    """The titles of the article cards in ``html``, in order."""
    return re.findall(r'class="td-card__title"><a href="[^"]*">([^<]*)</a>', html)


# Concurrency ------------------------------------------------------------------


def race(actions):
    """Run each action in its own thread and connection, released together."""
    barrier = threading.Barrier(len(actions))
    outcomes = []

    def run(action):
        try:
            barrier.wait()
            action()
            outcomes.append("done")
        except transitions.TransitionError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


# The volunteer console --------------------------------------------------------

CONSOLE_URL = "/admin/tuidang/volunteer/"
MINE_URL = "/admin/tuidang/volunteer/mine/"


def user_with(*codenames):
    """A user with admin access and the named permissions only."""
    user = UserFactory()
    for codename in ("access_admin", *codenames):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def volunteer(*extra):
    """A user who may use the volunteer console."""
    return user_with("submit_as_volunteer", *extra)


def caller(index_page, **changes):
    """The console's form data for one caller's statement."""
    data = {
        "action": "submit",
        "name": "李明",
        "organisations": ["party", "youth_league"],
        "people_count": "3",
        "region": "sc",
        "text": "退出中共。",
        "declared_on": "2024-05-01",
        "source": "phone",
        "index_page": str(index_page.pk),
        "consent": "on",
    }
    return {**data, **changes}


@contextmanager
def served_below(prefix):
    """Request arguments of a site served below ``prefix`` (``SCRIPT_NAME``),
    as behind a proxy that mounts it on a path. Django's WSGI handler sets
    the script prefix from ``SCRIPT_NAME`` for each request, the test client
    does not: this sets it as the handler would, and puts it back."""
    set_script_prefix(prefix)
    try:
        yield {"SCRIPT_NAME": prefix}
    finally:
        set_script_prefix("/")


def csp_directives(header):
    """A Content-Security-Policy header as ``{directive: [sources]}``."""
    return {
        name: sources
        for name, *sources in (part.split() for part in header.split(";") if part)
    }
