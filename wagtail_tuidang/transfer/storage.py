"""Where import uploads wait: a storage that no URL serves.

An uploaded list holds the names of people at risk. It must never sit under
``MEDIA_ROOT``, where the site (or its web server) serves every file at
``MEDIA_URL``. By default uploads go to a private folder on this machine,
``WAGTAIL_TUIDANG_IMPORT_ROOT`` (the system's temporary directory unless set),
readable by the site's user only. Sites whose task workers run on other
machines name a shared, private storage in ``STORAGES`` and set
``WAGTAIL_TUIDANG_IMPORT_STORAGE`` to its alias.
"""

import os
import tempfile

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

from ..conf import get_setting

DEFAULT_FOLDER = "wagtail_tuidang_imports"


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder whose files have no URL, readable by their owner only."""

    def __init__(self, location):
        super().__init__(
            location=location,
            base_url=None,
            file_permissions_mode=0o600,
            directory_permissions_mode=0o700,
        )

    def url(self, name):
        raise NotImplementedError("Import uploads have no URL.")


def import_root():
    """The private folder of the default import storage."""
    root = get_setting("IMPORT_ROOT")
    return str(root) if root else os.path.join(tempfile.gettempdir(), DEFAULT_FOLDER)


def import_storage():
    """The storage holding import uploads (read at call time, so that
    ``override_settings`` works)."""
    alias = get_setting("IMPORT_STORAGE")
    if alias:
        return storages[alias]
    return PrivateFileSystemStorage(import_root())


def why_not_private():
    """Why the import storage could be reached at a public URL, or None."""
    alias = get_setting("IMPORT_STORAGE")
    if alias:
        if alias == "default":
            return "the default storage serves files at MEDIA_URL."
        if alias not in settings.STORAGES:
            return f"STORAGES has no alias {alias!r}."
        location = getattr(storages[alias], "location", None)
    else:
        location = import_root()
    if location and _is_public_folder(location):
        return f"{location} is inside MEDIA_ROOT or STATIC_ROOT."
    if location:
        return _why_not_own_folder(location)
    return None


def _why_not_own_folder(location):
    """Why another local account could read or swap files in ``location``
    (an existing folder made by someone else, or open to others), or None.
    The default folder's name in the shared temporary directory is known to
    everyone: another account could make it first."""
    try:
        status = os.stat(location)
    except FileNotFoundError:
        return None  # made on first use, with mode 0700
    except OSError as error:
        return f"{location} cannot be read ({error.strerror})."
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        return f"{location} belongs to another user."
    mode = status.st_mode & 0o777
    if mode & 0o077:
        return f"{location} can be opened by other users (mode {mode:o})."
    return None


def _is_public_folder(location):
    location = os.path.realpath(location)
    for public in (settings.MEDIA_ROOT, getattr(settings, "STATIC_ROOT", None)):
        if public:
            public = os.path.realpath(public)
            if os.path.commonpath([location, public]) == public:
                return True
    return False
