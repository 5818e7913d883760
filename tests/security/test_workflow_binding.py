"""Editors and moderators cannot bypass the "Tuidang review" page workflow:
``tuidang_setup`` grants editing and submitting, never publishing, and takes
back the "publish" it granted before without touching anyone else's.

The pages here are featured statement pages below the home page, which the
site put under the review with ``tuidang_setup --attach-to``."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page

from tests.factories import UserFactory
from wagtail_tuidang.moderation.setup import EDITORS, MODERATORS, run_setup
from wagtail_tuidang.pages.models import StatementPage

pytestmark = pytest.mark.django_db

PUBLISH = {"permission__codename": "publish_page"}


def member(group_name):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def draft(home_page):
    page = home_page.add_child(instance=StatementPage(title="Why I quit", live=False))
    page.save_revision()
    return page


def grant_publish(group, page):
    GroupPagePermission.objects.create(
        group=group, page=page, permission_type="publish"
    )


def test_editors_and_moderators_hold_no_publish_permission(home_page, draft):
    call_command("tuidang_setup", "--attach-to", str(home_page.pk), stdout=None)
    editor, moderator = member(EDITORS), member(MODERATORS)
    for user in (editor, moderator):
        assert not draft.permissions_for_user(user).can_publish()
        assert not home_page.permissions_for_user(user).can_publish()
    assert draft.permissions_for_user(editor).can_edit()
    assert home_page.permissions_for_user(editor).can_add_subpage()


def test_an_editors_publish_post_does_not_publish(client, home_page, draft):
    run_setup(attach_to=[home_page])
    client.force_login(member(EDITORS))
    response = client.post(
        f"/admin/pages/{draft.pk}/edit/",
        {"title": "Why I quit", "slug": draft.slug, "action-publish": "publish"},
    )
    assert response.status_code in (200, 302, 403)
    draft.refresh_from_db()
    assert not draft.live
    assert draft.live_revision is None


def test_the_editor_offers_submit_and_no_publish(client, home_page, draft):
    run_setup(attach_to=[home_page])
    client.force_login(member(EDITORS))
    html = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert "Submit to Tuidang review" in html
    assert 'name="action-publish"' not in html


def test_rerunning_setup_takes_back_the_publish_it_granted(home_page):
    run_setup()
    editors = Group.objects.get(name=EDITORS)
    moderators = Group.objects.get(name=MODERATORS)
    # What earlier versions granted on the site root.
    grant_publish(editors, home_page)
    grant_publish(moderators, home_page)
    call_command("tuidang_setup", stdout=None)
    assert not GroupPagePermission.objects.filter(
        group__in=[editors, moderators], **PUBLISH
    ).exists()


def test_rerunning_setup_keeps_publish_an_administrator_granted(home_page):
    run_setup()
    news = home_page.add_child(instance=Page(title="News", slug="news"))
    editors = Group.objects.get(name=EDITORS)
    own_group = Group.objects.create(name="Site publishers")
    # A site's own group on the root, and the plugin's group below the root.
    grant_publish(own_group, home_page)
    grant_publish(editors, news)
    extra = Permission.objects.get(codename="view_contact")
    editors.permissions.add(extra)
    call_command("tuidang_setup", stdout=None)
    assert GroupPagePermission.objects.filter(
        group=own_group, page=home_page, **PUBLISH
    ).exists()
    assert GroupPagePermission.objects.filter(
        group=editors, page=news, **PUBLISH
    ).exists()
    assert editors.permissions.filter(pk=extra.pk).exists()


def test_the_moderators_approve_and_the_workflow_publishes(client, home_page, draft):
    run_setup(attach_to=[home_page])
    editor = member(EDITORS)
    first, second = member(MODERATORS), member(MODERATORS)
    workflow = draft.get_workflow()
    workflow.start(draft, editor)
    for moderator in (first, second):
        draft.refresh_from_db()
        assert not draft.live
        task_state = draft.current_workflow_task_state
        client.force_login(moderator)
        response = client.post(
            f"/admin/pages/workflow/action/{draft.pk}/approve/{task_state.pk}/"
        )
        assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert draft.live_revision.content["title"] == "Why I quit"


def test_a_moderator_approving_in_the_editor_lands_on_the_dashboard(
    client, home_page, draft
):
    run_setup(attach_to=[home_page])
    draft.get_workflow().start(draft, member(EDITORS))
    client.force_login(member(MODERATORS))
    response = client.post(
        f"/admin/pages/{draft.pk}/edit/",
        {
            "title": draft.title,
            "slug": draft.slug,
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    draft.refresh_from_db()
    assert draft.current_workflow_task_state.reviewer_approvals.count() == 1
    assert not draft.live
