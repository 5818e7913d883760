"""Erasing what outlived its purpose: contact details a set time after a
moderation decision, the words of withdrawn statements, unconsented real
names, and abandoned import uploads.

:func:`purge_contacts` blanks ``contact_encrypted`` of every statement decided
(published, rejected, marked as spam or withdrawn) more than
``WAGTAIL_TUIDANG_CONTACT_RETENTION_DAYS`` ago; pending statements keep theirs
until a moderator decides. It walks the table by primary key in batches of
:data:`BATCH_SIZE`, one ``UPDATE … WHERE id IN (…)`` each, so memory stays flat
and no transaction stays open on a table of hundreds of millions of rows; a
run that stops half-way is finished by the next one.

Each run writes one audit entry per statement index page it touched (the
count and the retention period, never a statement or its contact) to the
page's history and Reports → Site history, and one ``logging`` line.

:func:`purge_names` erases the name, alias, text and region of statements
withdrawn more than ``WAGTAIL_TUIDANG_WITHDRAWN_RETENTION_DAYS`` ago, and any
real name a submitter did not agree to publish that a decided statement still
holds (decisions erase it at once: this catches rows decided before that, or
changed by a bulk ``UPDATE``); see :mod:`.statements.erasure`.
:func:`purge_uploads` deletes import uploads older than a day.

django-tasks has no scheduler: run ``manage.py tuidang_purge`` daily from
cron (``17 3 * * * /path/to/venv/bin/python manage.py tuidang_purge``) or
enqueue :data:`purge_contacts_task` (or :data:`purge_all_task`, which runs
every purge) from a site's own scheduler.
"""

import logging
from collections import Counter
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import task
from wagtail.log_actions import LogFormatter

from .conf import get_setting
from .moderation.page_log import log_on_page
from .statements import erasure
from .statements.choices import Status
from .statements.models import Statement

logger = logging.getLogger(__name__)

#: Statements erased per ``UPDATE``.
BATCH_SIZE = 1000

PURGE_CONTACTS = "wagtail_tuidang.purge_contacts"
PURGE_NAMES = "wagtail_tuidang.purge_names"


def purge_contacts(days=None, dry_run=False):
    """Erase the contact details of statements decided more than ``days``
    (default: the retention setting) days ago; returns how many were (or,
    with ``dry_run``, would be) erased."""
    if days is None:
        days = get_setting("CONTACT_RETENTION_DAYS")
    cutoff = timezone.now() - timedelta(days=days)
    per_page = Counter()
    for batch in _expired_batches(cutoff):
        if not dry_run:
            Statement.objects.filter(pk__in=[pk for pk, _page in batch]).update(
                contact_encrypted=""
            )
        per_page.update(page_id for _pk, page_id in batch)
    total = sum(per_page.values())
    if not dry_run:
        _log_run(per_page, days)
    logger.info(
        "Contact purge%s: %d statements decided more than %d days ago",
        " (dry run)" if dry_run else "",
        total,
        days,
    )
    return total


def expired_contacts(cutoff):
    """Decided statements whose contact details are older than ``cutoff``."""
    return (
        Statement.objects.filter(decided_at__lt=cutoff)
        .exclude(status=Status.PENDING)
        .exclude(contact_encrypted="")
    )


def _expired_batches(cutoff):
    # Keyset pagination: each batch starts after the last primary key seen,
    # so a dry run (which erases nothing) still moves forward.
    last_pk = 0
    while True:
        batch = list(
            expired_contacts(cutoff)
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "index_page_id")[:BATCH_SIZE]
        )
        if not batch:
            return
        yield batch
        last_pk = batch[-1][0]


def _log_run(per_page, days):
    page_model = Statement._meta.get_field("index_page").related_model
    for page in page_model.objects.filter(pk__in=per_page):
        log_on_page(
            page, PURGE_CONTACTS, data={"count": per_page[page.pk], "days": days}
        )


@task()
def purge_contacts_task(days=None):
    """Background task running :func:`purge_contacts` (schedule it daily)."""
    return purge_contacts(days=days)


def purge_names(days=None, dry_run=False):
    """Erase the words of statements withdrawn more than ``days`` (default:
    the setting) days ago, and unconsented real names of decided statements.
    Returns ``{"withdrawn": count, "unconsented": count}`` of statements
    erased (or, with ``dry_run``, that would be)."""
    if days is None:
        days = get_setting("WITHDRAWN_RETENTION_DAYS")
    withdrawn = erasure.erase(
        erasure.withdrawn_names(erasure.withdrawn_cutoff(days)),
        erasure.WITHDRAWN_ERASED,
        dry_run,
        BATCH_SIZE,
    )
    unconsented = erasure.erase(
        erasure.unconsented_names(), erasure.UNCONSENTED_ERASED, dry_run, BATCH_SIZE
    )
    counts = {
        "withdrawn": sum(withdrawn.values()),
        "unconsented": sum(unconsented.values()),
    }
    if not dry_run:
        _log_names(withdrawn, unconsented, days)
    logger.info(
        "Name purge%s: %d withdrawn more than %d days ago, %d unconsented real names",
        " (dry run)" if dry_run else "",
        counts["withdrawn"],
        days,
        counts["unconsented"],
    )
    return counts


def _log_names(withdrawn, unconsented, days):
    page_model = Statement._meta.get_field("index_page").related_model
    for page in page_model.objects.filter(pk__in=withdrawn | unconsented):
        log_on_page(
            page,
            PURGE_NAMES,
            data={
                "withdrawn": withdrawn[page.pk],
                "unconsented": unconsented[page.pk],
                "days": days,
            },
        )


def purge_uploads(dry_run=False):
    """Delete import uploads left for more than a day; returns how many."""
    from .transfer import jobs

    return jobs.discard_stale(max_age=UPLOAD_MAX_AGE, dry_run=dry_run)


#: Seconds after which an import upload counts as abandoned.
UPLOAD_MAX_AGE = 24 * 60 * 60


@task()
def purge_all_task():
    """Background task running every purge (schedule it daily)."""
    purge_contacts()
    purge_names()
    purge_uploads()


class PurgeContactsFormatter(LogFormatter):
    label = _("Erase expired contact details")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        count = data.get("count", 0)
        return ngettext(
            "Erased the contact details of %(count)s statement decided more "
            "than %(days)s days ago",
            "Erased the contact details of %(count)s statements decided more "
            "than %(days)s days ago",
            count,
        ) % {"count": count, "days": data.get("days", "?")}


class PurgeNamesFormatter(LogFormatter):
    label = _("Erase names no longer needed")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _(
            "Erased the words of %(withdrawn)s statements withdrawn more than "
            "%(days)s days ago and %(unconsented)s real names never agreed to "
            "be published"
        ) % {
            "withdrawn": data.get("withdrawn", 0),
            "unconsented": data.get("unconsented", 0),
            "days": data.get("days", "?"),
        }


def register_log_actions(actions):
    """Register the action types (called by the ``register_log_actions`` hook)."""
    actions.register_action(PURGE_CONTACTS)(PurgeContactsFormatter)
    actions.register_action(PURGE_NAMES)(PurgeNamesFormatter)
