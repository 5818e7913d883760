"""``tuidang_setup`` on an established site with its own editorial workflow:
the site's pages keep their workflow, the plugin's own pages get "Tuidang
review", ``--attach-to`` adds pages, and the output says what went where."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import (
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
)

from home.models import HomePage
from tests.factories import SuperuserFactory, UserFactory
from tests.testapp.models import CampaignStatementWall, LandingPage
from wagtail_tuidang.moderation.setup import EDITORS, WORKFLOW_NAME, run_setup
from wagtail_tuidang.pages.models import ArticleIndexPage, ArticlePage, StatementPage

pytestmark = pytest.mark.django_db

HOST_WORKFLOW = "Moderators approval"


class Host:
    """The pages of the host site, by name."""


@pytest.fixture
def host(home_page):
    """Two sites. The main one has its own "Moderators approval" workflow on
    its home page, a blog of its own page types, and the plugin's pages: a
    statement wall of the site's own type (built on the plugin's mixin) and
    an article index with an article. The other site has no workflow."""
    site = Host()
    root = home_page.get_parent()
    WorkflowPage.objects.filter(page=root).delete()
    own, _ = Workflow.objects.get_or_create(name=HOST_WORKFLOW)
    WorkflowPage.objects.create(page=home_page, workflow=own)
    site.workflow = own
    site.home = home_page
    site.blog = home_page.add_child(instance=LandingPage(title="Blog", slug="blog"))
    site.post = site.blog.add_child(instance=Page(title="First post", slug="first"))
    site.campaign = home_page.add_child(
        instance=LandingPage(title="Campaign", slug="campaign")
    )
    site.campaign_news = site.campaign.add_child(
        instance=Page(title="Campaign news", slug="campaign-news")
    )
    site.wall = home_page.add_child(
        instance=CampaignStatementWall(title="Statements", slug="statements")
    )
    site.news = home_page.add_child(
        instance=ArticleIndexPage(title="News", slug="news")
    )
    site.article = site.news.add_child(
        instance=ArticlePage(title="An article", slug="an-article")
    )
    site.other_home = root.add_child(
        instance=HomePage(title="Other home", slug="other-home")
    )
    Site.objects.create(hostname="other.example", root_page=site.other_home)
    site.about = site.other_home.add_child(instance=Page(title="About", slug="about"))
    return site


def setup(*args):
    """Run ``tuidang_setup`` with ``args``; return what it printed."""
    out = StringIO()
    call_command("tuidang_setup", *args, stdout=out)
    return out.getvalue()


def workflow_of(page):
    workflow = Page.objects.get(pk=page.pk).get_workflow()
    return workflow.name if workflow else None


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


def test_the_sites_pages_keep_their_workflow_and_the_plugins_get_the_review(host):
    output = setup()

    for page in (host.home, host.blog, host.post, host.campaign):
        assert workflow_of(page) == HOST_WORKFLOW
    assert workflow_of(host.other_home) is None
    assert workflow_of(host.about) is None
    for page in (host.wall, host.news, host.article):
        assert workflow_of(page) == WORKFLOW_NAME
    assert WorkflowPage.objects.get(page=host.home).workflow == host.workflow

    assert (
        f"Attached “Tuidang review” to “Statements” (page {host.wall.pk}) and the "
        "pages below it, in place of “Moderators approval”, which it followed "
        "from a page above." in output
    )
    assert f"Attached “Tuidang review” to “News” (page {host.news.pk})" in output
    assert (
        f"“Home” (page {host.home.pk}), a site's home page, was left alone: it "
        "keeps the workflow “Moderators approval”." in output
    )
    assert (
        f"“Other home” (page {host.other_home.pk}), a site's home page, was left "
        "alone: it still has no workflow." in output
    )
    assert "Blog" not in output


def test_a_site_page_submitted_for_moderation_goes_through_the_sites_workflow(
    client, host
):
    output = setup()
    assert "keeps the workflow “Moderators approval”" in output
    client.force_login(SuperuserFactory())

    response = client.post(
        f"/admin/pages/{host.post.pk}/edit/",
        {
            "title": host.post.title,
            "slug": host.post.slug,
            "action-submit": "Submit",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    post = Page.objects.get(pk=host.post.pk)
    assert post.get_workflow().name == HOST_WORKFLOW
    assert post.current_workflow_state.workflow.name == HOST_WORKFLOW
    article = Page.objects.get(pk=host.article.pk)
    assert article.get_workflow().name == WORKFLOW_NAME


def test_editors_may_edit_the_plugins_pages_and_none_of_the_sites(host):
    setup()
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=EDITORS))

    for page in (host.wall, host.news, host.article):
        assert Page.objects.get(pk=page.pk).permissions_for_user(editor).can_edit()
    for page in (host.home, host.blog, host.post, host.other_home, host.about):
        assert not page.permissions_for_user(editor).can_edit()


@pytest.mark.parametrize("how", ["id", "path"])
def test_attach_to_reviews_a_page_and_the_pages_below_it(host, how):
    target = str(host.campaign.pk) if how == "id" else "/campaign/"

    output = setup("--attach-to", target)

    assert workflow_of(host.campaign) == WORKFLOW_NAME
    assert workflow_of(host.campaign_news) == WORKFLOW_NAME
    assert workflow_of(host.blog) == HOST_WORKFLOW
    assert (
        f"Attached “Tuidang review” to “Campaign” (page {host.campaign.pk})" in output
    )
    editors = Group.objects.get(name=EDITORS)
    assert GroupPagePermission.objects.filter(
        group=editors, page=host.campaign
    ).exists()


def test_attach_to_a_home_page_without_a_workflow(host):
    output = setup("--attach-to", str(host.other_home.pk))

    assert workflow_of(host.about) == WORKFLOW_NAME
    assert f"Attached “Tuidang review” to “Other home” (page {host.other_home.pk})" in (
        output
    )
    assert "Earlier versions" not in output


def test_attach_to_a_page_with_its_own_workflow_leaves_it(host):
    output = setup("--attach-to", str(host.home.pk), "--attach-to", "/")

    assert WorkflowPage.objects.get(page=host.home).workflow == host.workflow
    assert workflow_of(host.post) == HOST_WORKFLOW
    assert (
        output.count(
            f"“Home” (page {host.home.pk}) keeps its workflow “Moderators approval”: "
            "left alone."
        )
        == 1
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("999999", "No page has the id 999999."),
        ("news", "“news” is neither a page id nor a path such as /news/."),
        ("/no-such-page/", "No page of the default site is at /no-such-page/."),
    ],
)
def test_a_page_that_does_not_exist_is_a_clear_error(host, value, message):
    with pytest.raises(CommandError, match=message):
        setup("--attach-to", value)
    assert not Workflow.objects.filter(name=WORKFLOW_NAME).exists()
    assert not Group.objects.filter(name=EDITORS).exists()


def test_running_twice_changes_nothing(host):
    setup("--attach-to", str(host.campaign.pk))
    before = row_counts()

    output = setup("--attach-to", str(host.campaign.pk))

    assert row_counts() == before
    assert "Attached" not in output
    for page in (host.campaign, host.wall, host.news):
        assert f"“{page.title}” (page {page.pk}) already has “Tuidang review”." in (
            output
        )


def test_a_plugin_index_holding_other_pages_is_left_alone(host):
    host.news.add_child(instance=Page(title="A page of the site", slug="site-page"))

    output = setup()

    assert workflow_of(host.article) == HOST_WORKFLOW
    assert (
        f"“News” (page {host.news.pk}) holds pages that are not the plugin's: left "
        f"alone. To review them all with “Tuidang review”, run again with "
        f"--attach-to {host.news.pk}." in output
    )
    assert workflow_of(host.wall) == WORKFLOW_NAME


def test_a_wall_that_is_a_sites_home_page_is_left_alone(host):
    root = host.home.get_parent()
    wall_home = root.add_child(
        instance=CampaignStatementWall(title="Wall site", slug="wall-site")
    )
    Site.objects.create(hostname="wall.example", root_page=wall_home)

    output = setup()

    assert not WorkflowPage.objects.filter(page=wall_home).exists()
    assert (
        f"“Wall site” (page {wall_home.pk}) is a site's home page: left alone."
        in output
    )


def test_a_home_page_reviewed_since_an_earlier_version_is_reported_and_kept(host):
    earlier_version_setup(host)

    wall = host.other_home.add_child(
        instance=CampaignStatementWall(title="Other wall", slug="wall")
    )

    output = setup()

    assert workflow_of(host.about) == WORKFLOW_NAME
    assert (
        f"Attached “Tuidang review” to “Other wall” (page {wall.pk}) and the pages "
        "below it.\n" in output
    )
    assert (
        f"“Other home” (page {host.other_home.pk}), a site's home page, has "
        "“Tuidang review”: every page of that site without a workflow of its "
        "own needs the Tuidang moderators' approval. Earlier versions attached "
        "it there; it was left in place. To keep it, run with --attach-to "
        f"{host.other_home.pk}; to move it to the plugin's pages, see "
        "docs/upgrading.md." in output
    )
    assert (
        f"“Tuidang editors” may add and edit every page of “Other home” (page "
        f"{host.other_home.pk}). Earlier versions granted this; it was left in "
        "place." in output
    )


def test_a_site_without_the_plugins_pages_is_told_to_run_again(home_page):
    output = setup()

    assert not WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).exists()
    assert "“Tuidang review” is attached to no page yet." in output


def earlier_version_setup(host):
    """What earlier versions left: the workflow and the editors' "Add" and
    "Edit" on a site's home page without a workflow of its own."""
    result = run_setup()
    WorkflowPage.objects.create(page=host.other_home, workflow=result.workflow)
    for permission_type in ("add", "change"):
        GroupPagePermission.objects.create(
            group=result.groups[EDITORS],
            page=host.other_home,
            permission_type=permission_type,
        )


def test_naming_a_home_page_reviewed_since_an_earlier_version_keeps_it_quietly(
    host,
):
    earlier_version_setup(host)

    output = setup("--attach-to", str(host.other_home.pk))

    assert "Earlier versions" not in output
    assert f"“Other home” (page {host.other_home.pk}) already has" in output
    assert workflow_of(host.about) == WORKFLOW_NAME


def test_the_upgrade_steps_move_the_review_to_the_plugins_pages(host):
    earlier_version_setup(host)
    wall = host.other_home.add_child(
        instance=CampaignStatementWall(title="Other wall", slug="wall")
    )
    # docs/upgrading.md, in its order: run the command, take the workflow
    # and the editors' rows off the home page, run it again.
    setup()
    WorkflowPage.objects.filter(
        page_id=host.other_home.pk, workflow__name=WORKFLOW_NAME
    ).delete()
    GroupPagePermission.objects.filter(
        group__name=EDITORS, page=host.other_home
    ).delete()

    output = setup()

    assert "Earlier versions" not in output
    assert workflow_of(host.about) is None
    assert workflow_of(wall) == WORKFLOW_NAME
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=EDITORS))
    assert Page.objects.get(pk=wall.pk).permissions_for_user(editor).can_edit()
    assert not host.about.permissions_for_user(editor).can_edit()


def test_the_plugins_pages_the_review_does_not_reach_are_named(host):
    featured = host.home.add_child(instance=StatementPage(title="Why I quit"))
    elsewhere = host.other_home.add_child(instance=StatementPage(title="Me too"))

    output = setup()

    assert (
        f"“Why I quit” (page {featured.pk}), one of the plugin's pages, follows "
        "the workflow “Moderators approval”, not “Tuidang review”. To have the "
        "Tuidang moderators review it, move it below a page with “Tuidang "
        f"review”, or run again with --attach-to {featured.pk}." in output
    )
    assert (
        f"“Me too” (page {elsewhere.pk}), one of the plugin's pages, follows no "
        "workflow." in output
    )
    # Articles below a reviewed index are not listed.
    assert "An article" not in output

    output = setup("--attach-to", str(featured.pk))

    assert workflow_of(featured) == WORKFLOW_NAME
    assert "“Why I quit”" in output
    assert "follows the workflow" not in output
