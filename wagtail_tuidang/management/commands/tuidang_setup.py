"""Create the Tuidang groups, their permissions and the default workflow, and
attach the workflow only to the plugin's own pages or where asked."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Site

from wagtail_tuidang.basepage import page_model
from wagtail_tuidang.cdn import usage
from wagtail_tuidang.management.base import TranslatedHelpCommand
from wagtail_tuidang.moderation import workflow_pages as placed
from wagtail_tuidang.moderation.setup import EDITORS, WORKFLOW_NAME, run_setup

#: Outcome → (message, style name). Messages name the page, its id, the
#: plugin's workflow and the page's other workflow.
MESSAGES = {
    placed.ATTACHED: (
        gettext_lazy(
            "Attached “%(workflow)s” to “%(page)s” (page %(id)s) and the pages "
            "below it."
        ),
        "SUCCESS",
    ),
    placed.ALREADY: (
        gettext_lazy("“%(page)s” (page %(id)s) already has “%(workflow)s”."),
        None,
    ),
    placed.KEEPS_OWN: (
        gettext_lazy(
            "“%(page)s” (page %(id)s) keeps its workflow “%(other)s”: left "
            "alone. To use “%(workflow)s” there, change it in Settings → "
            "Workflows."
        ),
        None,
    ),
    placed.SITE_ROOT: (
        gettext_lazy(
            "“%(page)s” (page %(id)s) is a site's home page: left alone. To "
            "review the whole site with “%(workflow)s”, run again with "
            "--attach-to %(id)s."
        ),
        "WARNING",
    ),
    placed.MIXED: (
        gettext_lazy(
            "“%(page)s” (page %(id)s) holds pages that are not the plugin's: "
            "left alone. To review them all with “%(workflow)s”, run again "
            "with --attach-to %(id)s."
        ),
        "WARNING",
    ),
    placed.EARLIER_VERSION: (
        gettext_lazy(
            "“%(page)s” (page %(id)s), a site's home page, has “%(workflow)s”: "
            "every page of that site without a workflow of its own needs the "
            "Tuidang moderators' approval. Earlier versions attached it there; "
            "it was left in place. To keep it, run with --attach-to %(id)s; to "
            "move it to the plugin's pages, see docs/upgrading.md."
        ),
        "WARNING",
    ),
    placed.EDITORS_ON_HOME: (
        gettext_lazy(
            "“%(editors)s” may add and edit every page of “%(page)s” (page "
            "%(id)s). Earlier versions granted this; it was left in place. To "
            "keep it, run with --attach-to %(id)s; to limit them to the "
            "plugin's pages, see docs/upgrading.md."
        ),
        "WARNING",
    ),
    placed.HOME_LEFT_ALONE: (
        gettext_lazy(
            "“%(page)s” (page %(id)s), a site's home page, was left alone: it still "
            "has no workflow."
        ),
        None,
    ),
    placed.NOT_REVIEWED: (
        gettext_lazy(
            "“%(page)s” (page %(id)s), one of the plugin's pages, follows no "
            "workflow. To have the Tuidang moderators review it, move it below a "
            "page with “%(workflow)s”, or run again with --attach-to %(id)s."
        ),
        "WARNING",
    ),
}
#: Outcome → the message in its place when the page has another workflow.
MESSAGES_WITH_OTHER = {
    placed.ATTACHED: gettext_lazy(
        "Attached “%(workflow)s” to “%(page)s” (page %(id)s) and the pages below "
        "it, in place of “%(other)s”, which it followed from a page above."
    ),
    placed.HOME_LEFT_ALONE: gettext_lazy(
        "“%(page)s” (page %(id)s), a site's home page, was left alone: it keeps "
        "the workflow “%(other)s”."
    ),
    placed.NOT_REVIEWED: gettext_lazy(
        "“%(page)s” (page %(id)s), one of the plugin's pages, follows the "
        "workflow “%(other)s”, not “%(workflow)s”. To have the Tuidang "
        "moderators review it, move it below a page with “%(workflow)s”, or "
        "run again with --attach-to %(id)s."
    ),
}


class Command(TranslatedHelpCommand):
    help = gettext_lazy(
        "Create or complete the groups Tuidang moderators, contact officers, "
        "volunteers and editors with their permissions, and the “Tuidang "
        "review” page workflow. The workflow is attached to the pages given "
        "with --attach-to and to the plugin's own statement walls and article "
        "indexes that have no workflow, never to a site's home page unless "
        "asked. Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--attach-to",
            action="append",
            default=[],
            metavar="PAGE",
            help=gettext_lazy(
                "Also attach the workflow to this page (an id, or a path of "
                "the default site such as /news/) and so to the pages below "
                "it, unless it has a workflow of its own. Repeat for more "
                "pages."
            ),
        )

    def handle(self, *args, **options):
        pages = find_pages(options["attach_to"])
        result = run_setup(attach_to=pages)
        for name, group in result.groups.items():
            count = group.permissions.count()
            line = ngettext(
                "%(group)s: %(count)s permission",
                "%(group)s: %(count)s permissions",
                count,
            )
            self.stdout.write(line % {"group": name, "count": count})
        for placement in result.placements:
            self.write_placement(placement)
        self.write_warnings(result)
        self.write_block_usage()
        self.stdout.write(
            self.style.SUCCESS(
                _("Groups and the “%(workflow)s” workflow are ready.")
                % {"workflow": WORKFLOW_NAME}
            )
        )

    def write_block_usage(self):
        """Record which live pages show the plugin's blocks, for the CDN's
        purges (pages published before this version was installed)."""
        count = usage.rebuild()
        line = ngettext(
            "CDN purges: read the blocks of %(count)s live page.",
            "CDN purges: read the blocks of %(count)s live pages.",
            count,
        )
        self.stdout.write(line % {"count": count})

    def write_placement(self, placement):
        message, style = MESSAGES[placement.outcome]
        other = placement.other_workflow
        if other is not None:
            message = MESSAGES_WITH_OTHER.get(placement.outcome, message)
        text = message % {
            "page": placement.page.title,
            "id": placement.page.pk,
            "workflow": WORKFLOW_NAME,
            "other": other.name if other is not None else "",
            "editors": EDITORS,
        }
        self.stdout.write(getattr(self.style, style)(text) if style else text)

    def write_warnings(self, result):
        reviewed = [p for p in result.placements if p.outcome in placed.REVIEWED]
        if not reviewed:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "“%(workflow)s” is attached to no page yet. Run this "
                        "command again after adding a statement wall or an "
                        "article index, or name pages with --attach-to."
                    )
                    % {"workflow": WORKFLOW_NAME}
                )
            )
        if not result.workflow.active:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "“%(workflow)s” is disabled in Settings → Workflows: "
                        "the pages it is attached to follow no review until it "
                        "is enabled again."
                    )
                    % {"workflow": WORKFLOW_NAME}
                )
            )


def find_pages(values):
    """The pages named by ``--attach-to`` values, each once, in order."""
    pages = {}
    for value in values:
        page = find_page(value.strip())
        pages.setdefault(page.pk, page)
    return list(pages.values())


def find_page(value):
    """The page with the id ``value``, or at the path ``value`` of the default
    site; a CommandError saying why if there is none."""
    Page = page_model()
    if value.isdigit():
        page = Page.objects.filter(pk=int(value)).first()
        if page is None:
            raise CommandError(_("No page has the id %(value)s.") % {"value": value})
        return page
    if not value.startswith("/"):
        raise CommandError(
            _("“%(value)s” is neither a page id nor a path such as /news/.")
            % {"value": value}
        )
    site = Site.objects.filter(is_default_site=True).select_related("root_page")
    site = site.first()
    if site is None:
        raise CommandError(
            _("There is no default site to find %(value)s in: give a page id.")
            % {"value": value}
        )
    slugs = value.strip("/")
    url_path = site.root_page.url_path + (f"{slugs}/" if slugs else "")
    page = Page.objects.filter(url_path=url_path).first()
    if page is None:
        raise CommandError(
            _("No page of the default site is at %(value)s.") % {"value": value}
        )
    return page
