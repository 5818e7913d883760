"""Create the site's own pages and its editorial workflow (run once on a new
database): the home page, a story page, and "Moderators approval" on the
home page, so every page of the site goes through the site's moderators."""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Site, Workflow, WorkflowPage

from site_core.models import BasePage, ContentPage, FooterSettings, HomePage

WORKFLOW_NAME = "Moderators approval"


class Command(BaseCommand):
    help = "Create the home page, a story page and the moderators' workflow."

    @transaction.atomic
    def handle(self, *args, **options):
        root = BasePage.get_first_root_node()
        site = Site.objects.get(is_default_site=True)
        welcome = site.root_page
        home = root.add_child(
            instance=HomePage(
                title="Riverside Voices",
                slug="riverside",
                intro="<p>News and stories from the river towns.</p>",
            )
        )
        site.root_page = home
        site.site_name = "Riverside Voices"
        site.save()
        welcome.delete()

        story = home.add_child(
            instance=ContentPage(
                title="Our neighbourhood",
                slug="our-neighbourhood",
                teaser="How the river towns came to speak for themselves.",
                body=[
                    ("heading", {"text": "Where it began", "level": "h2"}),
                    (
                        "paragraph",
                        "<p>It started with a <b>newsletter</b> at the ferry.</p>",
                    ),
                ],
            )
        )
        for page in (home, story):
            page.save_revision().publish()

        # Wagtail's own "Moderators approval" workflow, given to the home
        # page itself: the site's editors rely on it for every page.
        workflow = Workflow.objects.get(name=WORKFLOW_NAME)
        WorkflowPage.objects.update_or_create(
            page=home, defaults={"workflow": workflow}
        )

        FooterSettings.objects.update_or_create(
            site=site, defaults={"text": "Riverside Voices · community newsroom"}
        )
        self.stdout.write(f"home={home.pk} story={story.pk}")
