"""The permission matrix of the moderation admin: every role × every view and
action, exactly the designed cells allowed.

Refused: anonymous visitors are sent to the login page; signed-in users who
lack the permission are sent to the admin home with "Sorry, you do not have
permission to access this area." and nothing changes.
"""

import pytest
from django.contrib.messages import get_messages
from wagtail.models import ModelLogEntry

from tests.factories import SuperuserFactory, make_statement
from tests.helpers import QUEUE_URL, bulk_url, decide_url, moderation_user
from wagtail_tuidang.models import RealNameConfirmation, Statement
from wagtail_tuidang.moderation.models import BulkDecision
from wagtail_tuidang.moderation.setup import (
    CONTACT_OFFICERS,
    EDITORS,
    MODERATORS,
    VOLUNTEERS,
)

pytestmark = pytest.mark.django_db

CONTACT = "matrix-contact@example.org"
DENIED = "Sorry, you do not have permission to access this area."


def make_role(role):
    return {
        "anonymous": lambda: None,
        "volunteer": lambda: moderation_user(VOLUNTEERS),
        "editor": lambda: moderation_user(EDITORS),
        "moderator": lambda: moderation_user(MODERATORS),
        "moderator_with_contact": lambda: moderation_user(MODERATORS, CONTACT_OFFICERS),
        "contact_officer": lambda: moderation_user(CONTACT_OFFICERS),
        "superuser": SuperuserFactory,
    }[role]()


def changed(statement):
    statement.refresh_from_db()
    return statement


# action → (method, url for a statement, POST data, did it take effect?)
ACTIONS = {
    "listing": ("get", lambda s: QUEUE_URL, None, None),
    "listing_results": ("get", lambda s: QUEUE_URL + "results/", None, None),
    "inspect": ("get", lambda s: f"{QUEUE_URL}inspect/{s.pk}/", None, None),
    "history": ("get", lambda s: f"{QUEUE_URL}history/{s.pk}/", None, None),
    "history_results": (
        "get",
        lambda s: f"{QUEUE_URL}history-results/{s.pk}/",
        None,
        None,
    ),
    "edit_form": ("get", lambda s: f"{QUEUE_URL}edit/{s.pk}/", None, None),
    "edit": (
        "post",
        lambda s: f"{QUEUE_URL}edit/{s.pk}/",
        {"name": "改正", "alias": "化名", "text": "", "region": "gd"},
        lambda s: changed(s).name == "改正",
    ),
    "contact_page": ("get", lambda s: f"{QUEUE_URL}contact/{s.pk}/", None, None),
    "contact": (
        "post",
        lambda s: f"{QUEUE_URL}contact/{s.pk}/",
        {},
        lambda s: ModelLogEntry.objects.filter(
            action="wagtail_tuidang.view_contact"
        ).exists(),
    ),
    "publish_confirmation": (
        "get",
        lambda s: bulk_url("publish", [s]),
        None,
        None,
    ),
    "publish": (
        "post",
        lambda s: bulk_url("publish", [s]),
        {},
        lambda s: changed(s).status == "published",
    ),
    "reject": (
        "post",
        lambda s: bulk_url("reject", [s]),
        {"reason": "unsafe"},
        lambda s: changed(s).status == "rejected",
    ),
    "mark_spam": (
        "post",
        lambda s: bulk_url("mark_spam", [s]),
        {},
        lambda s: changed(s).status == "spam",
    ),
    "confirm_real_name": (
        "post",
        lambda s: bulk_url("confirm_real_name", [s]),
        {},
        lambda s: RealNameConfirmation.objects.filter(statement=s).exists(),
    ),
    # The inspect view's decision buttons.
    "decide_publish": (
        "post",
        lambda s: decide_url(s, "publish"),
        {},
        lambda s: changed(s).status == "published",
    ),
    "decide_reject": (
        "post",
        lambda s: decide_url(s, "reject"),
        {"reason": "unsafe"},
        lambda s: changed(s).status == "rejected",
    ),
    "decide_mark_spam": (
        "post",
        lambda s: decide_url(s, "mark_spam"),
        {},
        lambda s: changed(s).status == "spam",
    ),
    "decide_confirm_real_name": (
        "post",
        lambda s: decide_url(s, "confirm_real_name"),
        {},
        lambda s: RealNameConfirmation.objects.filter(statement=s).exists(),
    ),
    # Actions on a published statement (see ON_PUBLISHED).
    "take_down": (
        "post",
        lambda s: bulk_url("take_down", [s]),
        {"reason": "不宜公开"},
        lambda s: changed(s).status == "taken_down",
    ),
    "decide_take_down": (
        "post",
        lambda s: decide_url(s, "take_down"),
        {"reason": "不宜公开"},
        lambda s: changed(s).status == "taken_down",
    ),
    "redact": (
        "post",
        lambda s: f"{QUEUE_URL}redact/{s.pk}/",
        {"field": "text", "passage": "退出"},
        lambda s: "退出" not in changed(s).text,
    ),
    # Decisions on every statement matching a filter, and duplicates.
    "matching_page": ("get", lambda s: f"{QUEUE_URL}matching/publish/", None, None),
    "matching": (
        "post",
        lambda s: f"{QUEUE_URL}matching/mark_spam/?tab=all",
        {},
        lambda s: BulkDecision.objects.exists(),
    ),
    "spam_window_page": ("get", lambda s: f"{QUEUE_URL}spam-window/", None, None),
    "spam_window": (
        "post",
        lambda s: f"{QUEUE_URL}spam-window/",
        {
            "after": "2000-01-01 00:00",
            "before": "2100-01-01 00:00",
            "flags": ["unflagged"],
            "confirmed": "True",
        },
        lambda s: BulkDecision.objects.exists(),
    ),
    "bulk_decision": (
        "get",
        lambda s: f"{QUEUE_URL}bulk/{_finished_job().pk}/",
        None,
        None,
    ),
    "duplicate": (
        "post",
        lambda s: f"{QUEUE_URL}duplicate/{s.pk}/{_original(s).pk}/",
        {},
        lambda s: changed(s).status == "rejected",
    ),
    # The printable certificate of a published statement.
    "certificate": ("get", lambda s: f"{QUEUE_URL}certificate/{s.pk}/", None, None),
}


def _finished_job():
    return BulkDecision.objects.create(action="mark_spam", state=BulkDecision.DONE)


def _original(statement):
    return make_statement(index_page=statement.index_page, name="原件")[0]


#: The actions tried on a published statement rather than a pending one.
ON_PUBLISHED = {"take_down", "decide_take_down", "redact", "certificate"}

QUEUE_READERS = {"moderator", "moderator_with_contact", "contact_officer", "superuser"}
DECIDERS = {"moderator", "moderator_with_contact", "superuser"}
CONTACT_READERS = {"moderator_with_contact", "contact_officer", "superuser"}

#: The designed matrix: action → roles allowed.
ALLOWED = {
    "listing": QUEUE_READERS,
    "listing_results": QUEUE_READERS,
    "inspect": QUEUE_READERS,
    "history": QUEUE_READERS,
    "history_results": QUEUE_READERS,
    "edit_form": DECIDERS,
    "edit": DECIDERS,
    "contact_page": CONTACT_READERS,
    "contact": CONTACT_READERS,
    "publish_confirmation": DECIDERS,
    "publish": DECIDERS,
    "reject": DECIDERS,
    "mark_spam": DECIDERS,
    "confirm_real_name": DECIDERS,
    "decide_publish": DECIDERS,
    "decide_reject": DECIDERS,
    "decide_mark_spam": DECIDERS,
    "decide_confirm_real_name": DECIDERS,
    "take_down": DECIDERS,
    "decide_take_down": DECIDERS,
    "redact": DECIDERS,
    "matching_page": DECIDERS,
    "matching": DECIDERS,
    "spam_window_page": DECIDERS,
    "spam_window": DECIDERS,
    "bulk_decision": DECIDERS,
    "duplicate": DECIDERS,
    "certificate": QUEUE_READERS,
}
ROLES = [
    "anonymous",
    "volunteer",
    "editor",
    "moderator",
    "moderator_with_contact",
    "contact_officer",
    "superuser",
]


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, index_page, role, action):
    status = "published" if action in ON_PUBLISHED else "pending"
    statement, _ = make_statement(
        status=status,
        index_page=index_page,
        name="矩阵",
        alias="化名",
        is_real_name=True,
        consent_real_name=True,
        contact=CONTACT,
    )
    user = make_role(role)
    if user is not None:
        client.force_login(user)
    method, url, data, took_effect = ACTIONS[action]
    response = getattr(client, method)(url(statement), data or {})

    if role in ALLOWED[action]:
        assert_allowed(response, method, statement, took_effect)
    else:
        assert_refused(response, role, statement, took_effect, status)


def assert_allowed(response, method, statement, took_effect):
    if method == "get":
        assert response.status_code == 200
    else:
        assert response.status_code in (200, 302)
        assert took_effect(statement)


def assert_refused(response, role, statement, took_effect, status="pending"):
    assert response.status_code == 302
    if role == "anonymous":
        assert response["Location"].startswith("/admin/login/")
    else:
        assert response["Location"] == "/admin/"
        texts = [str(m).strip() for m in get_messages(response.wsgi_request)]
        assert DENIED in texts
    if took_effect is not None:
        assert not took_effect(statement)
    stored = Statement.objects.get(pk=statement.pk)
    assert (stored.status, stored.name) == (status, "矩阵")


def test_the_matrix_covers_every_queue_url(index_page):
    """A new view added to the viewset must be added to the matrix."""
    from django.urls import get_resolver

    from wagtail_tuidang.moderation import ADMIN_NAMESPACE

    names = {
        name.split(":", 1)[1]
        for name in _url_names(get_resolver())
        if name.startswith(f"{ADMIN_NAMESPACE}:")
    }
    covered = {"index", "index_results", "inspect", "history", "history_results"}
    assert names == covered | {
        "edit",
        "contact",
        "decide",
        "redact",
        "matching",
        "spam_window",
        "bulk_decision",
        "duplicate",
        "certificate",
    }


def _url_names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            namespace = pattern.namespace
            inner = f"{prefix}{namespace}:" if namespace else prefix
            yield from _url_names(pattern, inner)
        elif pattern.name:
            yield prefix + pattern.name
