"""Every status change of a statement, and nothing else writes ``status``.

New statements come in through :func:`submit` (one, with a receipt code) or
:func:`submit_many` (a list) and :func:`submit_imported` (the rows of an
import); decisions go through
:func:`change` (one) or :func:`change_many` (a moderator's bulk action).
Whether an action may be taken is decided in one place, :func:`refusal`,
under the row lock.

Locks are always taken in one order, so concurrent decisions wait for each
other and never deadlock: first the statements, in one ``SELECT … FOR
UPDATE`` ordered by id; then the tally rows, each once per transaction with
the summed changes, in (page, day) order (:class:`tallies.Changes`). A
transaction that still meets a deadlock or serialization failure (another
writer with another order, a serializable isolation level) is retried a few
times. Once committed, cached figures are forgotten, the CDN purged and
:data:`status_changed` sent; none of that can turn an accepted change into an
error.
"""

import functools
import logging
import random
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import IntegrityError, OperationalError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import inserts, purge, questions, registration, search, tallies, walls
from .choices import Status
from .models import Statement
from .receipts import hash_code, new_code
from .text import fingerprint, fold

logger = logging.getLogger(__name__)

#: Sent after commit: ``statement``, ``old_status``, ``new_status``, ``user``,
#: ``action``. The moderation log and notifications listen to it.
status_changed = Signal()

#: How many times a transaction that hit a deadlock or serialization failure
#: is tried in all.
ATTEMPTS = 4
#: SQLSTATEs worth another try: deadlock_detected, serialization_failure.
RETRYABLE = {"40P01", "40001"}


class TransitionError(Exception):
    """The action cannot be taken on this statement; the message says why, in
    words a moderator can act on."""


class AlreadyDecided(TransitionError):
    """The statement is not in a state this action applies to: someone
    decided it already."""


class OwnSubmission(TransitionError):
    """A person may not publish a statement they submitted themselves."""


class OwnCorrection(OwnSubmission):
    """A person may not publish a statement whose wording they corrected:
    someone else must read the corrected words first."""


class RealNameNotConfirmed(TransitionError):
    """A real name with nothing else to show may not be published until
    enough distinct moderators confirmed it."""


class Busy(TransitionError):
    """Concurrent decisions kept conflicting through every attempt; nothing
    was changed."""


#: action → (statuses it applies to, resulting status)
TRANSITIONS = {
    "publish": ({Status.PENDING}, Status.PUBLISHED),
    "reject": ({Status.PENDING}, Status.REJECTED),
    "mark_spam": ({Status.PENDING}, Status.SPAM),
    "withdraw": ({Status.PENDING, Status.PUBLISHED}, Status.WITHDRAWN),
    "take_down": ({Status.PUBLISHED}, Status.TAKEN_DOWN),
}


@dataclass
class Outcome:
    """What :func:`change_many` did: the statements it changed, and those it
    left as they were with the reason (a :class:`TransitionError`)."""

    done: list = field(default_factory=list)
    #: ``(statement, error)`` pairs, in id order.
    refused: list = field(default_factory=list)

    @property
    def already_decided(self):
        """The refusals because someone else had decided the statement first."""
        return [item for item in self.refused if isinstance(item[1], AlreadyDecided)]


def _start_pending(statement):
    """What every new statement starts as, whatever the caller set."""
    statement.status = Status.PENDING
    statement.published_at = None
    statement.decided_at = None
    statement.registration_number = None
    statement.fingerprint = fingerprint(statement.name, statement.region)


def submit(statement, contact="", replayed_if=None):
    """Store a new statement as pending and return its one-time receipt code.

    ``statement`` is an unsaved Statement; whatever status it carries is
    ignored. The possible-duplicate flag is set when the same folded name from
    the same region already exists on the page; the "form used before" flag
    also when ``replayed_if`` (a :class:`.questions.Rows`) finds a row
    (asked in the same query; see :func:`.antispam.submission_checks`).
    Acknowledge the code to the submitter only after this returns (the
    transaction has committed).
    """
    code = new_code()
    _start_pending(statement)
    on_wall(statement)
    statement.receipt_hash = hash_code(code)
    statement.set_contact(contact)
    same = questions.Rows(
        Statement,
        {
            "index_page_id": statement.index_page_id,
            "fingerprint": statement.fingerprint,
        },
    )
    if replayed_if is None:
        (statement.flag_duplicate,) = questions.ask(same)
    else:
        statement.flag_duplicate, replayed = questions.ask(same, replayed_if)
        statement.flag_replayed = statement.flag_replayed or replayed
    # One INSERT, committed on its own; inside a caller's transaction, in a
    # savepoint, so that a duplicate key leaves that transaction usable.
    # (The flag is a hint for moderators: no lock makes it exact either way.)
    if transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            statement.save(force_insert=True)
    else:
        statement.save(force_insert=True)
    return code


def on_wall(statement):
    """Store ``statement`` on its wall: with localisation, on the original
    of the translation it was sent on (no query without localisation)."""
    if walls.localisation_enabled():
        statement.index_page_id = walls.wall_id(statement.index_page)


def submit_many(page, statements, user=None, same_fields=(), dry_run=False):
    """Store unsaved statements from a list (an import) on ``page`` as pending,
    without receipt codes, submitted by ``user``; return those created.

    A statement is left out when the page already has one (or an earlier one
    of the list is) with the same duplicate fingerprint and the same values of
    ``same_fields``, so importing a file again creates nothing. The others are
    flagged as possible duplicates exactly as :func:`submit` flags them. With
    ``dry_run`` nothing is written, but the same statements are returned.
    """
    for statement in statements:
        _start_pending(statement)
        # bulk_create does not call save(), which writes it for submit().
        statement.search_text = search.search_text(statement)
        statement.index_page_id = walls.wall_id(page)
        statement.receipt_hash = None
        statement.submitted_by = user
    key_fields = ("fingerprint", *same_fields)
    with transaction.atomic():
        existing = Statement.objects.for_page(page).filter(
            fingerprint__in={statement.fingerprint for statement in statements}
        )
        keys = set(existing.values_list(*key_fields))
        known = {key[0] for key in keys}
        new = []
        for statement in statements:
            key = tuple(getattr(statement, name) for name in key_fields)
            if key in keys:
                continue
            statement.flag_duplicate = statement.fingerprint in known
            keys.add(key)
            known.add(statement.fingerprint)
            new.append(statement)
        if not dry_run:
            Statement.objects.bulk_create(new, batch_size=500)
    return new


def submit_imported(page, rows, user=None, dry_run=False, seen=None):
    """Store the rows of an import on ``page`` as pending statements, without
    receipt codes, submitted by ``user``; return the rows created.

    Each row is a dict of Statement field values as the import's form would
    set them (no status, dates or flags but ``flag_duplicate``), with its
    ``import_key`` (see ``transfer.importer``). A row whose key the wall
    already has was imported before and is left out, so importing a file
    again creates nothing, also while another import of it runs; nothing
    else is ever left out, so two people who share an alias are both stored.
    Rows are flagged as possible duplicates as :func:`submit` flags them, or
    when the caller flagged them already. With ``dry_run`` nothing is
    written, but the same rows are returned.

    ``seen``, a set kept by the caller across the batches of one import,
    remembers the fingerprints found on the wall or in earlier rows, so that
    none is looked up twice: a common alias may have a million statements.
    """
    wall = walls.wall_id(page)
    known = set() if seen is None else seen
    with transaction.atomic():
        if dry_run or not inserts.leaves_out_existing():
            there = inserts.imported(wall, [row["import_key"] for row in rows])
            rows = [row for row in rows if row["import_key"] not in there]
        for row in rows:
            row["fingerprint"] = _fingerprint(row["name"], row["region"])
            row["search_text"] = _search_text(row)
        unknown = {row["fingerprint"] for row in rows} - known
        known.update(inserts.fingerprints(wall, unknown))
        for row in rows:
            row["flag_duplicate"] = row.get("flag_duplicate") or (
                row["fingerprint"] in known
            )
            known.add(row["fingerprint"])
        if dry_run:
            return rows
        return inserts.insert(rows, _imported_start(wall, user))


def _imported_start(wall, user):
    """What every imported statement starts as, whatever its row held."""
    return {
        "status": Status.PENDING,
        "index_page_id": wall,
        "submitted_by_id": getattr(user, "pk", None),
        "real_name_confirmed": False,
        "published_at": None,
        "decided_at": None,
        "receipt_hash": None,
        "submission_key": None,
        "registration_number": None,
    }


def _search_text(row):
    """``search.search_text`` of a new imported row (its real name is not
    confirmed yet), with each name and text folded once per import batch
    of rows that repeat them."""
    public = _name_is_public(row["is_real_name"], row["consent_real_name"])
    parts = [_fold(row["name"] if public else row["alias"]), _fold(row["text"])]
    return search.SEPARATOR.join(parts) if any(parts) else ""


@functools.lru_cache(maxsize=4)
def _name_is_public(is_real_name, consent_real_name):
    return search.name_is_public(
        SimpleNamespace(
            is_real_name=is_real_name,
            consent_real_name=consent_real_name,
            real_name_confirmed=False,
        )
    )


#: Imported lists repeat their aliases and often their texts.
_fold = functools.lru_cache(maxsize=10000)(fold)


@functools.lru_cache(maxsize=10000)
def _fingerprint(name, region):
    # Imported lists repeat their aliases: fold each name once.
    return fingerprint(name, region)


def flag_imported_duplicates(page, import_keys):
    """Flag the imported statements of ``page`` with these import keys as
    possible duplicates (an identical row came later in their file)."""
    return (
        Statement.objects.filter(index_page_id=walls.wall_id(page))
        .filter(import_key__in=list(import_keys), flag_duplicate=False)
        .update(flag_duplicate=True)
    )


def publish(statement, user=None):
    return change(statement, "publish", user)


def reject(statement, user=None, public_reason="", **changes):
    return change(statement, "reject", user, public_reason=public_reason, **changes)


def mark_spam(statement, user=None):
    return change(statement, "mark_spam", user)


def withdraw(statement, user=None):
    return change(statement, "withdraw", user)


def take_down(statement, user=None, public_reason="", **changes):
    """Unpublish a published statement (staff); ``public_reason``, required,
    is what its submitter reads on the receipt page."""
    if not public_reason.strip():
        raise ValueError("A takedown needs a reason for the submitter.")
    return change(statement, "take_down", user, public_reason=public_reason, **changes)


def change(statement, action, user=None, **changes):
    """Take ``action`` on one statement as ``user``, also setting the fields
    in ``changes`` (``public_reason``, ``internal_note``); raise a
    :class:`TransitionError` saying why if it may not be taken."""
    outcome = change_many([statement], action, user, lambda _statement: changes)
    if outcome.refused:
        raise outcome.refused[0][1]
    return statement


def change_many(statements, action, user=None, changes=None):
    """Take ``action`` on each of ``statements`` in one transaction; those it
    may not be taken on are left as they are. Returns an :class:`Outcome`.

    ``changes(statement)``, if given, returns the other fields to set on each
    changed statement. The given objects are updated to what is stored.
    """
    by_id = {statement.pk: statement for statement in statements}
    work = functools.partial(_change_locked, sorted(by_id), action, user, changes)
    try:
        locked = _with_retries(work)
    except Busy as error:
        return Outcome(refused=[(by_id[pk], error) for pk in sorted(by_id)])
    outcome = Outcome(
        done=[_copy_state(current, by_id) for current in locked.done],
        refused=[
            (_copy_state(current, by_id), error) for current, error in locked.refused
        ],
    )
    answered = {statement.pk for statement in outcome.done}
    answered.update(statement.pk for statement, _error in outcome.refused)
    gone = TransitionError(_("It no longer exists."))
    outcome.refused += [(by_id[pk], gone) for pk in sorted(by_id.keys() - answered)]
    return outcome


def _copy_state(current, by_id):
    """The caller's object for ``current``, updated to what is stored."""
    original = by_id[current.pk]
    for field_ in Statement._meta.concrete_fields:
        setattr(original, field_.attname, getattr(current, field_.attname))
    return original


def _with_retries(work):
    """Run ``work()`` in a transaction (a savepoint inside another one), again
    after a deadlock or serialization failure, at most ATTEMPTS times."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return work()
        except OperationalError as error:
            if not _is_retryable(error):
                raise
            if attempt == ATTEMPTS:
                raise Busy(
                    _(
                        "Other moderators were deciding the same statements at "
                        "the same moment, so nothing was changed. Try again."
                    )
                ) from error
        # Random back-off, so the colliding transactions do not meet again.
        time.sleep(random.uniform(0, 0.05 * 2**attempt))  # noqa: S311


def _is_retryable(error):
    cause = error.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code in RETRYABLE


def _change_locked(ids, action, user, changes):
    """The body of :func:`change_many`, inside its transaction."""
    target = TRANSITIONS[action][1]
    locked = Statement.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    outcome, old_statuses, tally_changes = Outcome(), [], tallies.Changes()
    now = timezone.now()
    for statement in locked:
        error = refusal(statement, action, user)
        if error is not None:
            outcome.refused.append((statement, error))
            continue
        old_statuses.append(statement.status)
        extra = changes(statement) if changes else {}
        _set_status(statement, target, now, extra, tally_changes)
        outcome.done.append(statement)
    # Tally rows are locked last, each once, in (page, day) order.
    tally_changes.save()
    _after_commit(zip(outcome.done, old_statuses, strict=True), target, user, action)
    return outcome


def _set_status(statement, target, now, extra, tally_changes):
    old = statement.status
    for name, value in extra.items():
        setattr(statement, name, value)
    statement.status = target
    statement.decided_at = now
    fields = ["status", "decided_at", "published_at", *extra]
    if target == Status.PUBLISHED:
        statement.published_at = now
        tally_changes.add(statement, +1)
        if not statement.registration_number:
            return _save_numbered(statement, fields)
    elif old == Status.PUBLISHED:
        tally_changes.add(statement, -1)
    statement.save(update_fields=fields)


def _save_numbered(statement, fields):
    """Save a statement being published with a new registration number,
    drawing another when the database finds the number taken (the unique
    constraint decides, so concurrent publications cannot share one)."""
    for attempt in range(1, registration.ATTEMPTS + 1):
        statement.registration_number = registration.new_number()
        try:
            # A savepoint: a taken number leaves the transaction usable.
            with transaction.atomic():
                statement.save(update_fields=[*fields, "registration_number"])
        except IntegrityError:
            # Only the number among the saved fields is unique.
            if attempt == registration.ATTEMPTS:
                raise
        else:
            return


def refusal(statement, action, user=None):
    """Why ``user`` may not take ``action`` on ``statement`` as it is, as a
    :class:`TransitionError`, or ``None``.

    The one place each rule is checked: the status the action applies to;
    nobody publishes a statement they submitted (entered, imported) or last
    corrected, superusers included (four eyes); a real name that may not be
    shown yet is not published while there is no alias to show meanwhile.
    """
    if statement.status not in TRANSITIONS[action][0]:
        return _not_applicable(statement, action)
    if action != "publish":
        return None
    user_id = getattr(user, "pk", None)
    if user_id is not None and statement.submitted_by_id == user_id:
        # Entered in the volunteer console, imported, or sent while logged in.
        return OwnSubmission(_("Nobody may publish a statement they submitted."))
    if user_id is not None and statement.last_edited_by_id == user_id:
        return OwnCorrection(
            _(
                "Nobody may publish a statement whose wording they corrected: "
                "another moderator must review the correction."
            )
        )
    if awaits_real_name_confirmation(statement):
        return RealNameNotConfirmed(
            _(
                "This real name needs confirmation by more moderators, and there "
                "is no alias to show until then."
            )
        )
    return None


def _not_applicable(statement, action):
    """The refusal of an action the statement's status does not allow; a
    published statement is unpublished by taking it down, and says so."""
    if statement.status == Status.PUBLISHED and action in {"reject", "mark_spam"}:
        return AlreadyDecided(_("It is already published: take it down instead."))
    return AlreadyDecided(
        _("It is already decided: %(status)s.")
        % {"status": statement.get_status_display()}
    )


def awaits_real_name_confirmation(statement):
    """Whether publishing must wait for the real name to be confirmed: the
    submitter agreed to show it but gave no alias to show meanwhile."""
    return (
        statement.is_real_name
        and statement.consent_real_name
        and not statement.real_name_confirmed
        and not statement.alias
    )


def _after_commit(changed, new, user, action):
    """Once committed: forget cached figures, purge the CDN, tell listeners.
    Each is a robust hook of its own: none can turn the accepted change into
    an error, or keep the others from running."""
    changed = list(changed)
    for page_id in {statement.index_page_id for statement, _old in changed}:
        _on_commit(tallies.invalidate, page_id)
    shown = [statement for statement, old in changed if Status.PUBLISHED in (old, new)]
    if shown:
        # One purge per wall for the whole action, however many statements.
        _on_commit(purge.schedule_purge, shown)
    if changed:
        _on_commit(_tell_listeners, changed, new, user, action)


def _tell_listeners(changed, new, user, action):
    """Send :data:`status_changed` for each change, all in one transaction:
    the audit entries of a bulk decision are committed once, not once per
    statement. Each is sent in a savepoint of its own, so a listener that
    fails for one statement loses nothing for the others (it is logged)."""
    with transaction.atomic():
        for statement, old in changed:
            try:
                with transaction.atomic():
                    status_changed.send(
                        sender=Statement,
                        statement=statement,
                        old_status=old,
                        new_status=new,
                        user=user,
                        action=action,
                    )
            except Exception:
                logger.exception("A status_changed listener failed")


def _on_commit(function, *args, **kwargs):
    """Call ``function`` once committed; a failure is logged, never raised."""

    def hook():
        function(*args, **kwargs)

    # Named after what it calls: Django's log of a failed hook uses the name.
    hook.__qualname__ = function.__qualname__
    transaction.on_commit(hook, robust=True)
