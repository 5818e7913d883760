"""Who sees the statement audit log in Reports → Site history: moderators
and superusers do; volunteers and editors, who may not open the queue, see
neither decisions nor who read contact details and when."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory, make_statement
from tests.helpers import logged_in, moderation_user, moderator
from wagtail_tuidang.moderation import log_actions
from wagtail_tuidang.moderation.setup import EDITORS, VOLUNTEERS, run_setup
from wagtail_tuidang.transfer.audit import log_export

pytestmark = pytest.mark.django_db

SITE_HISTORY = "/admin/reports/site-history/"


@pytest.fixture
def logged(index_page):
    """A publication and a contact reading in the statement's log, and an
    export in the statement page's history."""
    run_setup()
    statement, _ = make_statement(index_page=index_page, name="张三")
    actor = moderator(username="reader-of-contacts")
    log_actions.log(statement, log_actions.PUBLISH, user=actor)
    log_actions.log(statement, log_actions.VIEW_CONTACT, user=actor)
    log_export(actor, page=index_page, status="published")
    return statement


def site_history(client, user):
    response = logged_in(client, user).get(SITE_HISTORY)
    assert response.status_code == 200
    return response.text


def member(group_name):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_a_volunteer_sees_no_statement_entries(client, logged):
    html = site_history(client, moderation_user(VOLUNTEERS))
    assert f"#{logged.pk}" not in html
    assert "Viewed the contact details" not in html
    assert "Publish statement" not in html


def test_an_editor_sees_no_statement_entries(client, logged):
    html = site_history(client, member(EDITORS))
    assert f"#{logged.pk}" not in html
    assert "Viewed the contact details" not in html


def test_an_editor_sees_no_export_entries(client, logged, index_page):
    html = site_history(client, member(EDITORS))
    assert "Export statements" not in html
    history = client.get(f"/admin/pages/{index_page.pk}/history/")
    assert history.status_code == 200
    assert "Export statements" not in history.text
    assert "Exported" not in history.text


def test_those_who_may_export_see_the_export_entries(client, logged):
    html = site_history(client, moderator())
    assert "Export statements" in html


def test_a_moderator_sees_the_statement_entries(client, logged):
    html = site_history(client, moderator())
    assert f"#{logged.pk}" in html
    assert "Viewed the contact details" in html


def test_volunteers_keep_their_console(client, logged):
    volunteer = moderation_user(VOLUNTEERS)
    assert volunteer.has_perm("wagtail_tuidang.submit_as_volunteer")
    response = logged_in(client, volunteer).get("/admin/tuidang/volunteer/")
    assert response.status_code == 200


def test_the_migration_moves_old_entries_out_of_the_page_history(index_page):
    import importlib

    from django.apps import apps
    from wagtail.log_actions import log
    from wagtail.models import PageLogEntry

    from wagtail_tuidang.models import StatementPageLogEntry

    log(instance=index_page, action="wagtail_tuidang.export", data={"n": 1})
    log(instance=index_page, action="wagtail.edit")
    migration = importlib.import_module(
        "wagtail_tuidang.migrations.0012_statement_page_log_entry"
    )
    migration.out_of_page_history(apps, None)
    assert not PageLogEntry.objects.filter(action="wagtail_tuidang.export").exists()
    assert PageLogEntry.objects.filter(action="wagtail.edit").exists()
    moved = StatementPageLogEntry.objects.get()
    assert moved.object_id == str(index_page.pk) and moved.data == {"n": 1}
