"""The "approval by N distinct reviewers" workflow Task type: created in
Wagtail's Workflows admin, then run on featured statement and article pages."""

import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.urls import reverse
from wagtail.models import (
    GroupPagePermission,
    PageLogEntry,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from tests.factories import SuperuserFactory, UserFactory
from wagtail_tuidang.models import DistinctReviewersApprovalTask, ReviewerApproval
from wagtail_tuidang.pages.models import ArticleIndexPage, ArticlePage, StatementPage
from wagtail_tuidang.workflows.log_actions import APPROVAL_RECORDED

pytestmark = pytest.mark.django_db


def make_statement_page(home_page):
    return home_page.add_child(instance=StatementPage(title="Featured", live=False))


def make_article_page(home_page):
    news = home_page.add_child(instance=ArticleIndexPage(title="News", slug="news"))
    return news.add_child(instance=ArticlePage(title="An article", live=False))


@pytest.fixture(
    params=[make_statement_page, make_article_page], ids=["statement", "article"]
)
def draft(request, home_page):
    """A draft page of each of the plugin's reviewed page types."""
    return request.param(home_page)


def reviewer_group(name, home_page):
    """Reviewers may publish (Wagtail publishes as the last approver)."""
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=home_page, permission_type=codename.split("_")[0]
        )
    return group


@pytest.fixture
def reviewers(home_page):
    return reviewer_group("Reviewers", home_page)


def reviewer(group, **fields):
    user = UserFactory(**fields)
    user.groups.add(group)
    return user


def make_task(group, required=2, name="Two reviewers"):
    task = DistinctReviewersApprovalTask.objects.create(
        name=name, required_approvals=required
    )
    task.groups.add(group)
    return task


def make_workflow(page, *tasks):
    workflow = Workflow.objects.create(name="Review")
    for order, task in enumerate(tasks):
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.create(workflow=workflow, page=page.get_parent())
    return workflow


def submit(page, user):
    """What "Submit for moderation" does: a revision, then the workflow."""
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def current_state(page):
    return page.get_latest_revision_as_object().current_workflow_task_state


def approve(page, user, **kwargs):
    state = current_state(page)
    return state.task.specific.on_action(state, user, "approve", **kwargs)


def reload(page):
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def submitted(draft, reviewers):
    """``draft`` submitted by its author into a one-task workflow needing two
    reviewers; returns ``(page, author)``."""
    make_workflow(draft, make_task(reviewers))
    author = UserFactory()
    submit(draft, author)
    return draft, author


def test_two_distinct_reviewers_publish_the_page(submitted, reviewers):
    page, _author = submitted
    approve(page, reviewer(reviewers))
    assert not reload(page).live
    assert current_state(page).status == TaskState.STATUS_IN_PROGRESS

    approve(page, reviewer(reviewers))

    assert reload(page).live
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_APPROVED


def test_the_same_reviewer_approving_twice_counts_once(submitted, reviewers):
    page, _author = submitted
    alice = reviewer(reviewers)
    approve(page, alice)
    state = current_state(page)

    state.task.specific.on_action(state, alice, "approve")

    assert ReviewerApproval.objects.filter(task_state=state).count() == 1
    assert not reload(page).live
    assert [a[0] for a in state.task.specific.get_actions(page, alice)] == ["reject"]


def test_the_submitter_cannot_approve_even_as_a_reviewer(draft, reviewers):
    make_workflow(draft, make_task(reviewers))
    author = reviewer(reviewers)
    submit(draft, author)
    state = current_state(draft)

    assert [a[0] for a in state.task.specific.get_actions(draft, author)] == ["reject"]
    with pytest.raises(PermissionDenied):
        approve(draft, author)
    approve(draft, reviewer(reviewers))

    assert ReviewerApproval.objects.count() == 1
    assert not reload(draft).live


def test_one_reviewer_rejecting_sends_the_page_back(submitted, reviewers):
    page, _author = submitted
    approve(page, reviewer(reviewers))
    state = current_state(page)

    state.task.specific.on_action(state, reviewer(reviewers), "reject")

    assert WorkflowState.objects.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not reload(page).live


def test_a_user_outside_the_groups_can_do_nothing(submitted):
    page, _author = submitted
    outsider = UserFactory()
    task = current_state(page).task.specific

    assert task.get_actions(page, outsider) == []
    for action in ("approve", "reject"):
        with pytest.raises(PermissionDenied):
            task.on_action(current_state(page), outsider, action)
    assert current_state(page).status == TaskState.STATUS_IN_PROGRESS


def test_a_resubmission_starts_the_count_again(submitted, reviewers):
    page, author = submitted
    approve(page, reviewer(reviewers))
    state = current_state(page)
    state.task.specific.on_action(state, reviewer(reviewers), "reject")

    page.save_revision(user=author)
    WorkflowState.objects.get().resume(user=author)
    approve(page, reviewer(reviewers))

    assert not reload(page).live
    assert current_state(page).reviewer_approvals.count() == 1


def test_reaching_the_threshold_moves_on_to_the_next_task(draft, reviewers, home_page):
    editors = reviewer_group("Final check", home_page)
    make_workflow(
        draft, make_task(reviewers), make_task(editors, required=1, name="Final")
    )
    submit(draft, UserFactory())

    approve(draft, reviewer(reviewers))
    approve(draft, reviewer(reviewers))

    assert current_state(draft).task.name == "Final"
    assert not reload(draft).live
    approve(draft, reviewer(editors))
    assert reload(draft).live


def test_each_approval_before_the_last_is_in_the_page_history(
    submitted, reviewers, client
):
    page, _author = submitted
    approve(page, reviewer(reviewers), comment="Looks right")
    approve(page, reviewer(reviewers))

    recorded = PageLogEntry.objects.get(action=APPROVAL_RECORDED)
    assert recorded.page_id == page.pk
    assert recorded.data["comment"] == "Looks right"
    assert PageLogEntry.objects.filter(action="wagtail.workflow.approve").count() == 1

    client.force_login(SuperuserFactory())
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert "Approval 1 of 2 recorded at" in history.text
    assert "Looks right" in history.text


def test_reviewers_approve_through_the_admin_action_url(submitted, reviewers, client):
    page, author = submitted

    def post_approve(user):
        client.force_login(user)
        url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", current_state(page).pk],
        )
        client.post(url, {"comment": ""})
        return ReviewerApproval.objects.count()

    author.groups.add(reviewers)  # a reviewer, but not of their own page
    assert post_approve(author) == 0
    first = reviewer(reviewers)
    client.force_login(first)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert "Approve (1 of 2)" in edit.text

    assert post_approve(first) == 1
    assert post_approve(first) == 1
    assert not reload(page).live
    post_approve(reviewer(reviewers))
    assert reload(page).live


def test_the_task_type_is_created_in_the_workflows_admin(client, reviewers):
    client.force_login(SuperuserFactory())
    choose = client.get(reverse("wagtailadmin_workflows:select_task_type"))
    assert "Approval by distinct reviewers task" in choose.text

    url = reverse(
        "wagtailadmin_workflows:add_task",
        args=["wagtail_tuidang", "distinctreviewersapprovaltask"],
    )
    form = client.get(url)
    assert "required_approvals" in form.text
    data = {"name": "Three reviewers", "groups": [reviewers.pk]}
    assert client.post(url, {**data, "required_approvals": "0"}).status_code == 200
    assert not DistinctReviewersApprovalTask.objects.exists()

    response = client.post(url, {**data, "required_approvals": "3"})

    assert response.status_code == 302
    task = DistinctReviewersApprovalTask.objects.get()
    assert (task.name, task.required_approvals) == ("Three reviewers", 3)
    assert list(task.groups.all()) == [reviewers]


def test_tuidang_setup_makes_two_moderators_review_each_page(draft):
    from wagtail_tuidang.moderation.setup import EDITORS, MODERATORS, run_setup

    # Featured statement pages sit below the home page: the site attaches
    # the workflow there; articles get it on their index by default.
    section = [draft.get_parent()] if isinstance(draft, StatementPage) else []
    run_setup(attach_to=section)
    run_setup(attach_to=section)  # idempotent: still one task in one workflow
    task = DistinctReviewersApprovalTask.objects.get()
    assert task.required_approvals == 2
    assert list(task.workflows.values_list("name", flat=True)) == ["Tuidang review"]
    editor = reviewer(Group.objects.get(name=EDITORS))
    moderators = Group.objects.get(name=MODERATORS)

    submit(draft, editor)
    approve(draft, reviewer(moderators))
    assert not reload(draft).live
    approve(draft, reviewer(moderators))

    assert reload(draft).live


def test_the_dashboard_lists_only_pages_a_reviewer_may_still_approve(
    submitted, reviewers
):
    page, author = submitted
    author.groups.add(reviewers)
    alice, bob = reviewer(reviewers), reviewer(reviewers)
    approve(page, alice)
    state = current_state(page)

    assert list(TaskState.objects.reviewable_by(bob)) == [state]
    assert not TaskState.objects.reviewable_by(alice).exists()
    assert not TaskState.objects.reviewable_by(author).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
def test_reviewers_approving_at_the_same_moment_approve_the_task_once(
    submitted, reviewers
):
    page, _author = submitted
    state = current_state(page)
    task = state.task.specific
    users = [reviewer(reviewers) for _n in range(3)]
    barrier = threading.Barrier(len(users))
    outcomes = []

    def run(user):
        try:
            barrier.wait()
            task.on_action(TaskState.objects.get(pk=state.pk), user, "approve")
            outcomes.append("done")
        except PermissionDenied:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["done", "done", "refused"]
    assert reload(page).live
    assert PageLogEntry.objects.filter(action="wagtail.workflow.approve").count() == 1
    assert PageLogEntry.objects.filter(action=APPROVAL_RECORDED).count() == 1
