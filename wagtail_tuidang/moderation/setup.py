"""Groups, permissions and the default page workflow (``tuidang_setup``).

Idempotent: every step looks for what it would create and only adds what is
missing. It removes one thing only: the "publish" page permission that
earlier versions gave its own two groups on each site root (see
``remove_publish_at_site_roots``); a permission a site administrator granted
anywhere else, or to any other group, is never touched.

Nobody in these groups may publish a page directly: Wagtail shows a
"Publish" button to anyone holding ``publish_page``, whatever the workflow,
so a single editor or moderator could otherwise bypass the review. Pages go
live only through the "Tuidang review" workflow, which Wagtail publishes
when its last approval is given, whatever the approver's page permissions.

=============================  ================================================
group                          permissions
=============================  ================================================
Tuidang moderators             admin access; view, moderate, correct, confirm
                               real names, import, export, take down and
                               redact statements;
                               approve pages in the "Tuidang review" workflow
Tuidang contact officers       admin access; view statements and their contact
                               details (each reading is logged)
Tuidang volunteers             admin access; submit statements for callers
Tuidang editors                admin access; add and edit pages below the
                               pages the "Tuidang review" workflow is
                               attached to, and submit them for review; add
                               and choose images and documents; edit article
                               authors and categories
=============================  ================================================

Moderators do not read contact details: that is a separate group, so a site
can keep the people who decide apart from the few who may reach submitters.

The workflow is attached only where :mod:`.workflow_pages` allows (the pages
asked for, and the plugin's own index pages), never to a site's home page by
default, and the editors may edit exactly there: the plugin takes over
neither the site's editorial workflow nor its pages.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Site,
    Task,
    Workflow,
    WorkflowTask,
)

from ..basepage import page_model, page_permission
from ..workflows.models import DistinctReviewersApprovalTask
from . import workflow_pages
from .workflow_pages import EDITORS_ON_HOME, REVIEWED, Placement

MODERATORS = "Tuidang moderators"
CONTACT_OFFICERS = "Tuidang contact officers"
VOLUNTEERS = "Tuidang volunteers"
EDITORS = "Tuidang editors"

ACCESS_ADMIN = "wagtailadmin.access_admin"

#: Group name → model permissions, as "app_label.codename". Permissions of
#: apps a site has not installed are skipped.
GROUP_PERMISSIONS = {
    MODERATORS: [
        ACCESS_ADMIN,
        "wagtail_tuidang.view_statement",
        "wagtail_tuidang.moderate_statement",
        "wagtail_tuidang.change_statement",
        "wagtail_tuidang.confirm_real_name",
        "wagtail_tuidang.import_statements",
        "wagtail_tuidang.export_statements",
        "wagtail_tuidang.take_down_statement",
    ],
    CONTACT_OFFICERS: [
        ACCESS_ADMIN,
        "wagtail_tuidang.view_statement",
        "wagtail_tuidang.view_contact",
    ],
    VOLUNTEERS: [ACCESS_ADMIN, "wagtail_tuidang.submit_as_volunteer"],
    EDITORS: [
        ACCESS_ADMIN,
        "wagtail_tuidang.add_author",
        "wagtail_tuidang.change_author",
        "wagtail_tuidang.add_articlecategory",
        "wagtail_tuidang.change_articlecategory",
    ],
}
#: Page permissions of the editors group on each page the workflow is
#: attached to: editing and submitting for moderation, never publishing (the
#: workflow publishes).
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
#: Page permissions earlier versions granted on each site's root page and
#: that running the setup again takes back from these groups.
WITHDRAWN_PAGE_PERMISSIONS = ["publish_page"]
#: Collection permissions of the editors group on the root collection.
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]

WORKFLOW_NAME = "Tuidang review"
WORKFLOW_TASK_NAME = "Tuidang moderators approve"


@dataclass(frozen=True)
class SetupResult:
    """What :func:`run_setup` made ready."""

    #: The four groups by name.
    groups: dict
    #: The "Tuidang review" workflow.
    workflow: Workflow
    #: What happened to each page looked at (see :mod:`.workflow_pages`).
    placements: list


def run_setup(attach_to=()):
    """Create or complete the groups, their permissions and the default
    workflow; attach the workflow to the pages of ``attach_to`` and to the
    plugin's own index pages (see :mod:`.workflow_pages`), and let the
    editors edit there. Returns a :class:`SetupResult`."""
    with transaction.atomic():
        groups = ensure_groups()
        remove_publish_at_site_roots([groups[EDITORS], groups[MODERATORS]])
        ensure_editor_collection_permissions(groups[EDITORS])
        workflow = ensure_default_workflow(groups[MODERATORS])
        placements = workflow_pages.place_workflow(workflow, attach_to)
        reviewed = [p.page for p in placements if p.outcome in REVIEWED]
        ensure_editor_page_permissions(groups[EDITORS], reviewed)
        placements += editors_on_home_pages(groups[EDITORS], attach_to)
    return SetupResult(groups, workflow, placements)


def find_permissions(names):
    """Permission objects for "app_label.codename" names, in one query;
    names of apps or models a site lacks are left out."""
    if not names:
        return []
    lookups = Q()
    for name in names:
        app_label, codename = name.split(".", 1)
        lookups |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(lookups).select_related("content_type"))


def add_missing(model, rows):
    """Create the rows of ``model`` (dicts of field values, all with the same
    keys) that do not exist yet: one query to read, at most one to write."""
    if not rows:
        return
    keys = sorted(rows[0])
    matching = Q()
    for row in rows:
        matching |= Q(**row)
    existing = set(model.objects.filter(matching).values_list(*keys))
    model.objects.bulk_create(
        model(**row) for row in rows if tuple(row[k] for k in keys) not in existing
    )


def ensure_groups():
    """The four groups, each holding (at least) its permissions."""
    found = {group.name: group for group in _get_or_create_groups()}
    groups = {name: found[name] for name in GROUP_PERMISSIONS}
    wanted = {name for names in GROUP_PERMISSIONS.values() for name in names}
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in find_permissions(sorted(wanted))
    }
    add_missing(
        Group.permissions.through,
        [
            {"group_id": groups[group_name].pk, "permission_id": by_name[name].pk}
            for group_name, names in GROUP_PERMISSIONS.items()
            for name in names
            if name in by_name
        ],
    )
    return groups


def _get_or_create_groups():
    existing = list(Group.objects.filter(name__in=GROUP_PERMISSIONS))
    names = {group.name for group in existing}
    missing = [Group(name=name) for name in GROUP_PERMISSIONS if name not in names]
    for group in missing:
        group.save()
    return existing + missing


def site_root_ids():
    return Site.objects.order_by().values_list("root_page_id", flat=True).distinct()


def remove_publish_at_site_roots(groups):
    """Take back ``publish_page`` on site roots from the plugin's own groups.

    Earlier versions granted it there, which let one editor or moderator
    publish without the review. Only those exact rows go: the same
    permission on any other page, or held by any other group (a site's own
    "Editors" or "Moderators"), was an administrator's choice and stays.
    """
    GroupPagePermission.objects.filter(
        group__in=groups,
        page_id__in=site_root_ids(),
        permission__in=find_permissions(
            [page_permission(codename) for codename in WITHDRAWN_PAGE_PERMISSIONS]
        ),
    ).delete()


def editor_page_permissions():
    return find_permissions(
        [page_permission(codename) for codename in EDITOR_PAGE_PERMISSIONS]
    )


def ensure_editor_page_permissions(editors, pages):
    """Add and edit pages below ``pages`` (and so submit them to the
    workflow); publishing is left to the workflow."""
    permissions = editor_page_permissions()
    add_missing(
        GroupPagePermission,
        [
            {"group_id": editors.pk, "page_id": page.pk, "permission_id": p.pk}
            for page in pages
            for p in permissions
        ],
    )


def editors_on_home_pages(editors, attach_to):
    """The site home pages (not asked for in ``attach_to``) where the editors
    may add or edit pages, as earlier versions granted: left in place, since
    only an administrator knows whether they should, and reported."""
    asked = {page.pk for page in attach_to}
    home_ids = (
        GroupPagePermission.objects.filter(
            group=editors,
            page_id__in=site_root_ids(),
            permission__in=editor_page_permissions(),
        )
        .exclude(page_id__in=asked)
        .values_list("page_id", flat=True)
    )
    pages = page_model().objects.filter(pk__in=home_ids)
    return [Placement(page, EDITORS_ON_HOME) for page in pages.order_by("path")]


def ensure_editor_collection_permissions(editors):
    """Upload and choose images and documents in every collection."""
    root = Collection.get_first_root_node()
    if root is None:
        return
    add_missing(
        GroupCollectionPermission,
        [
            {"group_id": editors.pk, "collection_id": root.pk, "permission_id": p.pk}
            for p in find_permissions(EDITOR_COLLECTION_PERMISSIONS)
        ],
    )


def ensure_default_workflow(moderators):
    """The "Tuidang review" page workflow, attached to no page here: one task
    that two distinct moderators must approve, never the page's submitter.
    Moderators need no page permission for this: the task lets its groups
    open the editor and approve, and Wagtail publishes the page when the
    last approval is given. A task of the same name that already exists is
    kept as a site administrator left it.
    """
    task = Task.objects.filter(name=WORKFLOW_TASK_NAME).specific().first()
    if task is None:
        task = DistinctReviewersApprovalTask.objects.create(
            name=WORKFLOW_TASK_NAME, required_approvals=2
        )
        task.groups.add(moderators)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    return workflow
