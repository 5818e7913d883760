"""Names that outlived their purpose, erased.

Two kinds of names must not stay in the database:

* **An unconsented real name.** A person who gave their real name without
  agreeing to publish it is only ever shown by their alias (or "Anonymous").
  Moderators may need the name to judge the statement, so it stays while the
  statement is pending; once a moderator decides (publish, reject, spam, or
  the submitter withdraws), :func:`erase_unconsented_name` blanks the name and
  its duplicate fingerprint (an unkeyed hash of the name, as revealing as the
  name itself) in the same transaction as the decision. The alias stays.
* **A withdrawn statement.** ``WAGTAIL_TUIDANG_WITHDRAWN_RETENTION_DAYS``
  after a withdrawal, :func:`erase_withdrawn` blanks its name, alias, text,
  region, fingerprint and search text, leaving a tombstone (status, dates,
  organisations and number of people) so that counts and audit entries
  still add up.

Exports never hold either (see :func:`export_names`), whether or not the
purge has run yet.
"""

from collections import Counter
from datetime import timedelta

from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from ..conf import get_setting
from .choices import Status
from .models import Statement

#: What an unconsented real name becomes once decided.
UNCONSENTED_ERASED = {"name": "", "fingerprint": ""}
#: What a withdrawn statement keeps of its words: nothing.
WITHDRAWN_ERASED = {
    "name": "",
    "alias": "",
    "text": "",
    "region": "",
    "fingerprint": "",
    "search_text": "",
    "is_real_name": False,
    "consent_real_name": False,
    "real_name_confirmed": False,
}


def has_unconsented_name(statement):
    """Whether ``statement`` holds a real name its submitter did not agree
    to publish."""
    return bool(
        statement.is_real_name and not statement.consent_real_name and statement.name
    )


def unconsented_names():
    """Decided statements that still hold an unconsented real name."""
    return (
        Statement.objects.filter(is_real_name=True, consent_real_name=False)
        .exclude(status=Status.PENDING)
        .exclude(name="")
    )


def withdrawn_names(cutoff):
    """Statements withdrawn before ``cutoff`` whose words are still stored."""
    words = ~Q(name="") | ~Q(alias="") | ~Q(text="") | ~Q(fingerprint="")
    words |= ~Q(search_text="")
    return Statement.objects.filter(
        words, status=Status.WITHDRAWN, decided_at__lt=cutoff
    )


def withdrawn_cutoff(days=None):
    if days is None:
        days = get_setting("WITHDRAWN_RETENTION_DAYS")
    return timezone.now() - timedelta(days=days)


@receiver(post_save, sender=Statement, dispatch_uid="tuidang_erase_unconsented_name")
def erase_unconsented_name(sender, instance, raw=False, **kwargs):
    """After any save of a decided statement (a decision saves the status
    inside the decision's transaction), erase an unconsented real name from
    the row and from ``instance``."""
    if raw or instance.status == Status.PENDING or not has_unconsented_name(instance):
        return
    Statement.objects.filter(pk=instance.pk).update(**UNCONSENTED_ERASED)
    for name, value in UNCONSENTED_ERASED.items():
        setattr(instance, name, value)


def erase(queryset, changes, dry_run=False, batch_size=1000):
    """Apply ``changes`` to every row of ``queryset`` in primary-key batches
    (one short ``UPDATE`` each); returns a Counter of rows per index page.
    With ``dry_run``, only counts."""
    per_page, last_pk = Counter(), 0
    while True:
        batch = list(
            queryset.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "index_page_id")[:batch_size]
        )
        if not batch:
            return per_page
        if not dry_run:
            Statement.objects.filter(pk__in=[pk for pk, _page in batch]).update(
                **changes
            )
        per_page.update(page_id for _pk, page_id in batch)
        last_pk = batch[-1][0]


def export_names(statement):
    """The name columns an export may hold for ``statement``: nothing of a
    withdrawn statement, and only the alias of an unconsented real name
    (moved to ``name``, so that the row imports again as an alias)."""
    values = {
        "name": statement.name,
        "alias": statement.alias,
        "is_real_name": statement.is_real_name,
        "consent_real_name": statement.consent_real_name,
        "text": statement.text,
        "region": statement.region,
    }
    if statement.status == Status.WITHDRAWN:
        values.update(name="", alias="", text="", region="")
        values.update(is_real_name=False, consent_real_name=False)
    elif statement.is_real_name and not statement.consent_real_name:
        values.update(name=statement.alias, alias="")
        values.update(is_real_name=False, consent_real_name=False)
    return values
