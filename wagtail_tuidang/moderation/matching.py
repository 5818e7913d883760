"""Decisions on every statement matching a filter, however many: the "select
all N matching" of the queue and the time-window spam action.

A :class:`~.models.BulkDecision` records what was asked (the queue's
filters and search, or a time window and flags), who asked, and how far it
got. A background task (:mod:`.tasks`) decides the statements in batches of
:data:`BATCH` through :mod:`.decisions` and so through
:mod:`~wagtail_tuidang.statements.transitions`, each batch in one
transaction with its progress: the same rules as one statement at a time
(four eyes, real names), the same audit entry per statement, plus one entry
when the decision is asked for and one when it ends.
"""

import logging
import operator
from functools import reduce

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ..conf import get_setting
from ..statements.models import FLAG_FIELDS, Statement
from . import decisions, log_actions
from .counts import UNFLAGGED
from .filters import matching_queryset
from .models import BulkDecision
from .policy import statement_policy

logger = logging.getLogger(__name__)

#: Statements decided in one transaction.
BATCH = 500
#: Query-string parameters that are not filters.
NOT_FILTERS = ("p", "ordering", "q", "search", "id", "next")
#: What the time-window action may choose besides the flags.
NOT_FLAGGED = "unflagged"


def listing_criteria(query, words=""):
    """The criteria of a decision asked for from the queue's listing: its
    filters in ``query`` (a QueryDict) and its search ``words``."""
    filters = {
        name: values
        for name, values in query.lists()
        if name not in NOT_FILTERS and any(values)
    }
    return {"query": filters, "words": words}


def window_criteria(after, before, flags, index_page=None):
    """The criteria of the time-window action: pending statements submitted
    from ``after`` up to (not including) ``before``, with any of ``flags``
    (flag field names, or :data:`NOT_FLAGGED`), on ``index_page`` or any."""
    query = {"status": ["pending"], "tab": ["all"]}
    if index_page is not None:
        query["index_page"] = [str(index_page.pk)]
    return {
        "query": query,
        "after": after.isoformat(),
        "before": before.isoformat(),
        "flags": list(flags),
    }


def criteria_queryset(criteria):
    """The statements ``criteria`` match now, or ``None`` if they cannot be
    read (then nothing is decided)."""
    queryset = matching_queryset(criteria.get("query", {}), criteria.get("words", ""))
    if queryset is None:
        return None
    if criteria.get("after"):
        queryset = queryset.filter(submitted_at__gte=parse_datetime(criteria["after"]))
    if criteria.get("before"):
        queryset = queryset.filter(submitted_at__lt=parse_datetime(criteria["before"]))
    if criteria.get("flags"):
        queryset = queryset.filter(flags_condition(criteria["flags"]))
    return queryset


def flags_condition(flags):
    """Any of ``flags`` raised (:data:`NOT_FLAGGED`: none raised)."""
    conditions = [
        UNFLAGGED if flag == NOT_FLAGGED else Q(**{flag: True})
        for flag in flags
        if flag == NOT_FLAGGED or flag in FLAG_FIELDS
    ]
    return reduce(operator.or_, conditions) if conditions else Q(pk__in=[])


def job_queryset(job):
    """The statements ``job`` still has to consider, by id."""
    queryset = criteria_queryset(job.criteria)
    if queryset is None:
        return None
    return queryset.filter(pk__gt=job.last_id, pk__lte=job.max_id).order_by("pk")


def start(user, action, criteria, reason="", note=""):
    """Record a decision on everything ``criteria`` match now, as ``user``,
    write its audit entry and enqueue its task; returns the BulkDecision, or
    ``None`` when the criteria cannot be read."""
    queryset = criteria_queryset(criteria)
    if queryset is None:
        return None
    last = Statement.objects.order_by("-pk").values_list("pk", flat=True).first()
    job = BulkDecision.objects.create(
        action=action,
        user=user,
        criteria=criteria,
        reason=reason,
        internal_note=note,
        max_id=last or 0,
        total=queryset.filter(pk__lte=last or 0).count(),
    )
    log_actions.log_bulk(job, log_actions.BULK_START, user, **job_summary(job))
    transaction.on_commit(lambda: enqueue(job))
    return job


def enqueue(job):
    from .tasks import run_bulk_decision

    run_bulk_decision.enqueue(job.pk)


def job_summary(job):
    """What the audit log keeps of a job: no search words, no names."""
    criteria = job.criteria
    return {
        "decision": job.action,
        "total": job.total,
        "filters": sorted(criteria.get("query", {})),
        "searched": bool(criteria.get("words")),
        "after": criteria.get("after", ""),
        "before": criteria.get("before", ""),
        "flags": criteria.get("flags", []),
    }


def run_batch(job_id):
    """Decide the next batch of ``job_id`` and record the progress, in one
    transaction; returns how many statements it handled, or ``None`` when
    the job is finished (or another worker holds it)."""
    with transaction.atomic():
        job = (
            BulkDecision.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=job_id, state__in=[BulkDecision.QUEUED, BulkDecision.RUNNING])
            .select_related("user")
            .first()
        )
        if job is None:
            return None
        refusal = why_not_run(job)
        if refusal:
            finish(job, BulkDecision.FAILED, refusal)
            return None
        queryset = job_queryset(job)
        ids = list(queryset.values_list("pk", flat=True)[:BATCH])
        if not ids:
            finish(job, BulkDecision.DONE)
            return None
        statements = list(
            Statement.objects.filter(pk__in=ids).select_related("index_page")
        )
        outcome = decide(job, statements)
        job.done += len(outcome.done)
        job.skipped += len(outcome.refused)
        job.last_id = ids[-1]
        job.state = BulkDecision.RUNNING
        job.updated_at = timezone.now()
        job.save(update_fields=["done", "skipped", "last_id", "state", "updated_at"])
        return len(ids)


def why_not_run(job):
    """Why ``job`` may not go on, or "": its moderator's account was deleted
    or lost the permission, or its criteria can no longer be read."""
    if job.user is None or not job.user.is_active:
        return _("The moderator who asked for it no longer has an account.")
    if not statement_policy.user_has_permission(job.user, "moderate"):
        return _("The moderator who asked for it may no longer moderate.")
    if criteria_queryset(job.criteria) is None:
        return _("Its filters can no longer be read.")
    return ""


def decide(job, statements):
    """Take the job's decision on ``statements`` as its moderator."""
    if job.action == "reject":
        return decisions.reject_many(
            statements, job.user, job.reason, note=job.internal_note
        )
    return decisions.decide_many(statements, job.action, job.user)


def finish(job, state, message=""):
    """End ``job``: its state, its message, its closing audit entry; its
    search words (maybe a name) are erased."""
    job.state = state
    job.message = str(message)[:255]
    job.finished_at = job.updated_at = timezone.now()
    job.criteria = {**job.criteria, "words": ""}
    job.save()
    log_actions.log_bulk(
        job,
        log_actions.BULK_END,
        job.user,
        decision=job.action,
        state=state,
        done=job.done,
        skipped=job.skipped,
    )


def fail(job_id, error):
    """Record that ``job_id`` stopped on an unexpected error (its class name
    only: a message may quote a statement)."""
    logger.error("A bulk decision stopped: %s", type(error).__name__)
    job = BulkDecision.objects.filter(pk=job_id).first()
    if job is not None and not job.finished:
        finish(
            job,
            BulkDecision.FAILED,
            _(
                "It stopped because of an error. Statements already decided "
                "stay decided; start it again to decide the rest."
            ),
        )


def is_stale(job):
    """Whether an unfinished job stopped making progress (its worker was
    killed or restarted): it can then be continued where it stopped."""
    age = (timezone.now() - job.updated_at).total_seconds()
    return not job.finished and age > get_setting("IMPORT_STALE_AFTER")
