"""An import between its upload and its end: the uploaded file in the default
storage, a signed token naming it, and progress in the cache.

The file gets a random, unguessable name and is deleted when the import ends
or is cancelled; it never holds contact details (imports take none).
"""

import datetime
import secrets

from django.core import signing
from django.core.files.storage import default_storage
from django.utils import timezone

from .. import cache

UPLOAD_DIR = "wagtail_tuidang/imports"
SIGNING_SALT = "wagtail_tuidang.transfer.import"
#: A preview older than this must be uploaded again.
TOKEN_MAX_AGE = 24 * 60 * 60
PROGRESS_TIMEOUT = 7 * 24 * 60 * 60


def save_upload(upload):
    """Store the uploaded file under a random name; returns the name. Uploads
    whose preview expired unconfirmed are deleted first."""
    discard_stale()
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    name = f"{UPLOAD_DIR}/{secrets.token_urlsafe(24)}{suffix}"
    return default_storage.save(name, upload)


def discard(name):
    if name.startswith(UPLOAD_DIR + "/") and default_storage.exists(name):
        default_storage.delete(name)


def discard_stale():
    """Delete uploads older than a preview token may live (never confirmed
    nor cancelled). Storages that cannot list files are skipped."""
    cutoff = timezone.now() - datetime.timedelta(seconds=TOKEN_MAX_AGE * 2)
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
        for name in files:
            path = f"{UPLOAD_DIR}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
    except (NotImplementedError, FileNotFoundError):
        pass


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


def set_progress(job_id, user_id, state, **figures):
    """Record where import ``job_id`` stands (polled by the progress page)."""
    cache.set(
        progress_key(job_id),
        {"user": user_id, "state": state, **figures},
        PROGRESS_TIMEOUT,
    )


def get_progress(job_id, user_id):
    """The progress of ``job_id`` if it is this user's, else None."""
    data = cache.get(progress_key(job_id))
    return data if data and data.get("user") == user_id else None
