"""``tuidang_setup``: the groups, their permissions and the default page
workflow, created once, completed if changed, never duplicated."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import (
    AbstractGroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
)

from home.management.commands.tuidang_demo import DEMO_USERS
from tests.factories import UserFactory
from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation.policy import statement_policy
from wagtail_tuidang.moderation.setup import (
    CONTACT_OFFICERS,
    EDITORS,
    MODERATORS,
    VOLUNTEERS,
    WORKFLOW_NAME,
)

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


def test_groups_get_exactly_the_designed_permissions(home_page):
    call_command("tuidang_setup", stdout=None)
    assert codenames(MODERATORS) == {
        "access_admin",
        "view_statement",
        "moderate_statement",
        "change_statement",
        "confirm_real_name",
        "import_statements",
        "export_statements",
        "take_down_statement",
    }
    assert codenames(CONTACT_OFFICERS) == {
        "access_admin",
        "view_statement",
        "view_contact",
    }
    assert codenames(VOLUNTEERS) == {"access_admin", "submit_as_volunteer"}
    assert "view_contact" not in codenames(MODERATORS) | codenames(EDITORS)
    assert {"access_admin", "add_author", "change_articlecategory"} <= codenames(
        EDITORS
    )


def test_editors_may_edit_the_plugins_pages_and_no_others(home_page, index_page):
    call_command("tuidang_setup", stdout=None)
    editors = Group.objects.get(name=EDITORS)
    page_permissions = GroupPagePermission.objects.filter(group=editors)
    assert {p.page_id for p in page_permissions} == {index_page.pk}
    assert {p.permission.codename for p in page_permissions} == {
        "add_page",
        "change_page",
    }
    editor = UserFactory()
    editor.groups.add(editors)
    assert index_page.permissions_for_user(editor).can_edit()
    assert not home_page.permissions_for_user(editor).can_edit()
    collection_permissions = GroupCollectionPermission.objects.filter(group=editors)
    assert {p.permission.codename for p in collection_permissions} == {
        "add_image",
        "choose_image",
        "add_document",
        "choose_document",
    }


def test_the_default_workflow_is_approval_by_moderators_on_the_wall(
    home_page, index_page
):
    call_command("tuidang_setup", stdout=None)
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert WorkflowPage.objects.get(page=index_page).workflow == workflow
    [task] = [wt.task.specific for wt in workflow.workflow_tasks.all()]
    assert isinstance(task, AbstractGroupApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS]
    assert index_page.get_workflow() == workflow
    assert not WorkflowPage.objects.filter(page=home_page).exists()
    # Running again keeps one workflow with one task.
    call_command("tuidang_setup", stdout=None)
    assert Workflow.objects.filter(name=WORKFLOW_NAME).get().workflow_tasks.count() == 1


def test_a_sites_own_workflow_is_kept(home_page):
    own = Workflow.objects.create(name="Our own review")
    WorkflowPage.objects.create(page=home_page, workflow=own)
    call_command("tuidang_setup", stdout=None)
    assert WorkflowPage.objects.get(page=home_page).workflow == own


def test_running_twice_adds_nothing_and_keeps_what_admins_added(home_page):
    call_command("tuidang_setup", stdout=None)
    extra = Permission.objects.get(codename="view_contact")
    Group.objects.get(name=MODERATORS).permissions.add(extra)
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        call_command("tuidang_setup", stdout=None)
    assert row_counts() == before
    assert "view_contact" in codenames(MODERATORS)
    # Groups, permissions and workflow are read, not written; the CDN
    # block registry reads each live page's blocks again (here two pages).
    assert len(queries) < 45


def test_a_removed_permission_is_restored(home_page):
    call_command("tuidang_setup", stdout=None)
    group = Group.objects.get(name=MODERATORS)
    group.permissions.remove(Permission.objects.get(codename="moderate_statement"))
    call_command("tuidang_setup", stdout=None)
    assert "moderate_statement" in codenames(MODERATORS)


def test_group_members_get_what_the_groups_promise(home_page):
    call_command("tuidang_setup", stdout=None)
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    volunteer = UserFactory()
    volunteer.groups.add(Group.objects.get(name=VOLUNTEERS))
    assert statement_policy.user_has_permission(moderator, "moderate")
    assert statement_policy.user_has_permission(moderator, "confirm_real_name")
    assert not statement_policy.user_has_permission(moderator, "view_contact")
    assert not statement_policy.user_has_permission(volunteer, "view")
    assert volunteer.has_perm("wagtail_tuidang.submit_as_volunteer")


def test_the_demo_sets_up_groups_and_a_queue_to_review(client):
    call_command("tuidang_demo", stdout=None)
    moderator_password = DEMO_USERS["moderator"][0]
    client.login(username="moderator", password=moderator_password)
    response = client.get("/admin/tuidang/statements/", {"flagged": "true"})
    assert response.status_code == 200
    pending = Statement.objects.filter(status="pending")
    assert pending.filter(flag_rate_limited=True).count() == 4
    assert pending.filter(flag_too_fast=True).count() == 3
    waiting = pending.filter(is_real_name=True, consent_real_name=True, alias="")
    assert waiting.count() == 1
    assert "Tuidang review" in Workflow.objects.values_list("name", flat=True)
