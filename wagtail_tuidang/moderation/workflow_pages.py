"""Where ``tuidang_setup`` attaches the "Tuidang review" workflow.

A Wagtail page workflow applies to its page and to every page below it that
has no workflow of its own, so attaching one to a site's home page hands the
whole site to it. The plugin therefore attaches its workflow only

- to the pages a site administrator names (``--attach-to``), and
- by default to the plugin's own index pages (statement walls and article
  indexes: any page type built on their mixins) that have no workflow of
  their own, are not a site's home page, and hold nothing but the plugin's
  pages below them.

It never detaches or replaces a workflow: a page that has one keeps it. Each
page it looked at comes back as a :class:`Placement` saying what happened and
why, for the command to report.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Site, WorkflowPage, get_page_models

from ..articles.mixins import ArticleIndexPageMixin, ArticlePageMixin
from ..basepage import page_model
from ..statements.mixins import StatementIndexPageMixin, StatementPageMixin

#: Page mixins whose pages the default attaches the workflow to.
INDEX_MIXINS = (StatementIndexPageMixin, ArticleIndexPageMixin)
#: Page mixins of every page that belongs to the plugin.
PLUGIN_MIXINS = (*INDEX_MIXINS, StatementPageMixin, ArticlePageMixin)

# What happened to a page (``Placement.outcome``).
#: The workflow was attached to it now.
ATTACHED = "attached"
#: It had the workflow already.
ALREADY = "already"
#: It has another workflow of its own, left as it is.
KEEPS_OWN = "keeps_own"
#: One of the plugin's index pages that is a site's home page: never by
#: default.
SITE_ROOT = "site_root"
#: One of the plugin's index pages holding other pages: never by default.
MIXED = "mixed"
#: One of the plugin's other pages (a featured statement page, say) not
#: below one of its index pages, that the workflow does not reach
#: (``other_workflow``: the one it follows, if any).
NOT_REVIEWED = "not_reviewed"
#: A site's home page, left alone (``other_workflow``: the one it follows).
HOME_LEFT_ALONE = "home_left_alone"
#: A site's home page with the workflow, as earlier versions attached it:
#: left in place, and reported.
EARLIER_VERSION = "earlier_version"
#: A site's home page where the editors may add and edit, as earlier versions
#: granted: left in place, and reported.
EDITORS_ON_HOME = "editors_on_home"

#: Outcomes after which the plugin's pages are reviewed by the workflow.
REVIEWED = (ATTACHED, ALREADY)


@dataclass(frozen=True)
class Placement:
    """What ``place_workflow`` did with one page, and why."""

    page: object
    outcome: str
    #: The workflow the page keeps (KEEPS_OWN), or the one it followed from
    #: a page above before the plugin's was attached (ATTACHED), if any.
    other_workflow: object = None


def model_content_types(mixins):
    """The content types of the installed page models built on ``mixins``."""
    models = [model for model in get_page_models() if issubclass(model, mixins)]
    return list(ContentType.objects.get_for_models(*models).values())


def site_root_ids():
    """The ids of every site's home page."""
    return set(Site.objects.values_list("root_page_id", flat=True))


def place_workflow(workflow, attach_to=()):
    """Attach ``workflow`` to the pages of ``attach_to`` and to the plugin's
    own index pages that qualify (see the module's docstring); return a
    :class:`Placement` for every page looked at: the pages asked for, the
    plugin's index pages, its other pages the workflow does not reach, then
    every site's home page."""
    roots = site_root_ids()
    explicit = {page.pk for page in attach_to}
    indexes = list(index_pages())
    placements = [attach(page, workflow) for page in attach_to]
    placements += [
        default_placement(page, workflow)
        for page in indexes
        if page.pk not in explicit | roots
    ]
    placements += unreviewed_pages(workflow)
    index_ids = {page.pk for page in indexes}
    placements += [
        home_placement(page, workflow, page.pk in index_ids)
        for page in page_model()
        .objects.filter(pk__in=roots - explicit)
        .order_by("path")
    ]
    return placements


def index_pages():
    """The plugin's index pages, in tree order."""
    return (
        page_model()
        .objects.filter(content_type__in=model_content_types(INDEX_MIXINS))
        .order_by("path")
    )


def default_placement(page, workflow):
    """Attach ``workflow`` to one of the plugin's index pages, unless it has a
    workflow of its own or holds pages that are not the plugin's."""
    own = own_workflow(page)
    if own is None and holds_other_pages(page):
        return Placement(page, MIXED)
    return attach(page, workflow, own)


def unreviewed_pages(workflow):
    """The plugin's pages that are not below another of its pages (featured
    statement pages among the site's own, say) and that ``workflow`` does
    not reach, each with the workflow it follows instead."""
    Page = page_model()
    plugin_pages = Page.objects.filter(
        content_type__in=model_content_types(PLUGIN_MIXINS)
    )
    plugin_paths = set(plugin_pages.values_list("path", flat=True))
    leaves = plugin_pages.exclude(
        content_type__in=model_content_types(INDEX_MIXINS)
    ).order_by("path")
    placements = []
    for page in leaves:
        if page.path[: -Page.steplen] in plugin_paths:
            continue
        followed = page.get_workflow()
        if followed != workflow:
            placements.append(Placement(page, NOT_REVIEWED, followed))
    return placements


def home_placement(page, workflow, is_index):
    """A site's home page, left alone: flagged where it has ``workflow`` of
    its own, as earlier versions attached it there."""
    if own_workflow(page) == workflow:
        return Placement(page, EARLIER_VERSION)
    if is_index:
        return Placement(page, SITE_ROOT)
    return Placement(page, HOME_LEFT_ALONE, page.get_workflow())


_UNKNOWN = object()


def attach(page, workflow, own=_UNKNOWN):
    """Attach ``workflow`` to ``page`` unless it has a workflow of its own
    (``own``, looked up when not given)."""
    if own is _UNKNOWN:
        own = own_workflow(page)
    if own == workflow:
        return Placement(page, ALREADY)
    if own is not None:
        return Placement(page, KEEPS_OWN, own)
    followed = page.get_workflow()
    WorkflowPage.objects.create(page=page, workflow=workflow)
    return Placement(page, ATTACHED, followed if followed != workflow else None)


def own_workflow(page):
    """The workflow attached to ``page`` itself (active or not), or None."""
    row = WorkflowPage.objects.filter(page=page).select_related("workflow").first()
    return row.workflow if row else None


def holds_other_pages(page):
    """Whether any page below ``page`` is not one of the plugin's."""
    plugin_types = model_content_types(PLUGIN_MIXINS)
    below = page_model().objects.descendant_of(page)
    return below.exclude(content_type__in=plugin_types).exists()
