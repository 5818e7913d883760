"""Erasing contact details a set time after a moderation decision.

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

django-tasks has no scheduler: run ``manage.py tuidang_purge`` daily from
cron (``17 3 * * * /path/to/venv/bin/python manage.py tuidang_purge``) or
enqueue :data:`purge_contacts_task` from a site's own scheduler.
"""

import logging
from collections import Counter
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import task
from wagtail.log_actions import LogFormatter, log

from .conf import get_setting
from .statements.choices import Status
from .statements.models import Statement

logger = logging.getLogger(__name__)

#: Statements erased per ``UPDATE``.
BATCH_SIZE = 1000

PURGE_CONTACTS = "wagtail_tuidang.purge_contacts"


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
        log(
            instance=page,
            action=PURGE_CONTACTS,
            data={"count": per_page[page.pk], "days": days},
        )


@task()
def purge_contacts_task(days=None):
    """Background task running :func:`purge_contacts` (schedule it daily)."""
    return purge_contacts(days=days)


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


def register_log_actions(actions):
    """Register the action type (called by the ``register_log_actions`` hook)."""
    actions.register_action(PURGE_CONTACTS)(PurgeContactsFormatter)
