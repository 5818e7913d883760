"""An import between its upload and its end: the uploaded file in the private
import storage (:mod:`.storage`, never served at a URL), a signed token naming
it, and progress in the cache.

The file gets a random, unguessable name and is deleted when the preview
fails, and when the import ends, fails, stops or is cancelled; uploads left
behind (a preview never confirmed) are deleted after a day by the next
upload or by ``tuidang_purge``. It never holds contact details (imports take
none).

The progress record carries a heartbeat, renewed by the running import after
each batch. A running import whose heartbeat is older than
``WAGTAIL_TUIDANG_IMPORT_STALE_AFTER`` seconds lost its worker (killed,
restarted, or a request that ran it was cut): it is marked "stopped" the next
time someone looks, and its file deleted. Importing the file again continues
it, as rows already imported are skipped.
"""

import datetime
import secrets

from django.core import signing
from django.core.files.storage import default_storage
from django.utils import timezone

from .. import cache
from ..conf import get_setting
from .storage import import_storage

UPLOAD_DIR = "wagtail_tuidang/imports"
SIGNING_SALT = "wagtail_tuidang.transfer.import"
#: A preview older than this must be uploaded again.
TOKEN_MAX_AGE = 24 * 60 * 60
#: An upload older than this is abandoned (its preview token has expired).
UPLOAD_MAX_AGE = TOKEN_MAX_AGE
PROGRESS_TIMEOUT = 7 * 24 * 60 * 60
#: Seconds a queued import may wait before the page says no worker seems to
#: be running.
WORKER_WAIT = 60

QUEUED, RUNNING, DONE, FAILED, STOPPED = (
    "queued",
    "running",
    "done",
    "failed",
    "stopped",
)
#: States in which nothing will change any more.
FINISHED = (DONE, FAILED, STOPPED)


def save_upload(upload):
    """Store the uploaded file under a random name; returns the name. Uploads
    whose preview expired unconfirmed are deleted first."""
    discard_stale()
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    name = f"{UPLOAD_DIR}/{secrets.token_urlsafe(24)}{suffix}"
    return import_storage().save(name, upload)


def open_upload(name):
    """The stored upload ``name``, opened for reading in binary."""
    return import_storage().open(name, "rb")


def discard(name):
    """Delete the upload ``name`` (only ever a file of the import folder)."""
    storage = import_storage()
    if name and name.startswith(UPLOAD_DIR + "/") and storage.exists(name):
        storage.delete(name)


def discard_stale(max_age=UPLOAD_MAX_AGE, dry_run=False):
    """Delete uploads older than ``max_age`` seconds (never confirmed nor
    cancelled), and any upload left in the public media folder by earlier
    versions; returns how many (with ``dry_run``, would be). Storages that
    cannot list files are skipped."""
    cutoff = timezone.now() - datetime.timedelta(seconds=max_age)
    count = _discard_older(import_storage(), cutoff, dry_run)
    # Earlier versions kept uploads in the default (public) storage: none of
    # them belongs to an import that can still run.
    return count + _discard_older(default_storage, timezone.now(), dry_run)


def _discard_older(storage, cutoff, dry_run):
    count = 0
    try:
        _dirs, files = storage.listdir(UPLOAD_DIR)
        for name in files:
            path = f"{UPLOAD_DIR}/{name}"
            if storage.get_modified_time(path) <= cutoff:
                count += 1
                if not dry_run:
                    storage.delete(path)
    except (NotImplementedError, FileNotFoundError):
        pass
    return count


def make_token(name, page_id, user_id):
    return signing.dumps(
        {"name": name, "page": page_id, "user": user_id}, salt=SIGNING_SALT
    )


def read_token(token, user_id):
    """The token's contents if it is valid, recent and this user's, else None."""
    try:
        data = signing.loads(token or "", salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return data if data.get("user") == user_id else None


def new_job_id():
    return secrets.token_urlsafe(16)


def progress_key(job_id):
    return f"wagtail_tuidang:import:{job_id}"


def lock_key(job_id):
    return f"wagtail_tuidang:import:{job_id}:lock"


def now():
    return timezone.now().timestamp()


def start_job(job_id, user_id, name, page_id):
    """Record a confirmed import as queued, with what its steps need."""
    record = {"user": user_id, "name": name, "page": page_id, "queued_at": now()}
    cache.set(progress_key(job_id), record, PROGRESS_TIMEOUT)
    set_progress(job_id, user_id, QUEUED)


def set_progress(job_id, user_id, state, **figures):
    """Record where import ``job_id`` stands (polled by the progress page),
    keeping what was recorded before, and renew its heartbeat."""
    record = cache.get(progress_key(job_id)) or {"user": user_id}
    record.update(state=state, heartbeat=now(), **figures)
    cache.set(progress_key(job_id), record, PROGRESS_TIMEOUT)
    return record


def note(job_id, **figures):
    """Add ``figures`` to the record of ``job_id``, leaving its state."""
    record = cache.get(progress_key(job_id))
    if record is not None:
        record.update(figures)
        cache.set(progress_key(job_id), record, PROGRESS_TIMEOUT)


def read_progress(job_id):
    """The progress record of ``job_id``, whoever's it is, or None."""
    return cache.get(progress_key(job_id))


def get_progress(job_id, user_id):
    """The progress of ``job_id`` if it is this user's, else None. A running
    import whose worker is gone is marked stopped (and its file deleted)."""
    data = read_progress(job_id)
    if not data or data.get("user") != user_id:
        return None
    if is_stale(data):
        data = stop(job_id, data)
    return data


def is_stale(data):
    """Whether a running import stopped renewing its heartbeat."""
    age = now() - data.get("heartbeat", 0)
    return data["state"] == RUNNING and age > get_setting("IMPORT_STALE_AFTER")


def stop(job_id, data):
    """Mark the import stopped and delete its file."""
    discard(data.get("name"))
    return set_progress(job_id, data["user"], STOPPED)


def waits_for_a_worker(data):
    """Whether a queued import has waited longer than a worker would take."""
    return data["state"] == QUEUED and now() - data.get("queued_at", now()) > (
        WORKER_WAIT
    )


def claim(job_id):
    """Take the right to run the next step of ``job_id``; False if a step is
    running already. The claim lapses when the import would be stale."""
    timeout = get_setting("IMPORT_STALE_AFTER")
    return cache.add(lock_key(job_id), 1, timeout)


def release(job_id):
    cache.delete(lock_key(job_id))
