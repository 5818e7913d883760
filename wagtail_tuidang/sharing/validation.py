"""Normalising what editors type into the share settings.

Each function returns the stored form or raises ``ValidationError`` with a
message an editor can act on.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

X_HANDLE_RE = re.compile(r"[A-Za-z0-9_]{1,15}")
X_PROFILE_RE = re.compile(r"^(?:https?://)?(?:www\.)?(?:x|twitter)\.com/", re.I)
# Editors separate tags with commas, spaces, or the CJK comma and enumeration mark.
HASHTAG_SEPARATORS = re.compile(r"[\s,;，、；]+")
HASHTAG_RE = re.compile(r"\w+")
MAX_HASHTAGS = 5


def normalise_x_handle(value):
    """``"@Name"``, ``"Name"`` or ``"https://x.com/Name"`` → ``"Name"``."""
    handle = X_PROFILE_RE.sub("", value.strip()).strip("/").removeprefix("@")
    if handle and not X_HANDLE_RE.fullmatch(handle):
        raise ValidationError(
            _("An X handle has 1–15 letters, digits or underscores, like @example.")
        )
    return handle


def parse_hashtags(value):
    """Return the tags in ``value`` without ``#``, in order, once each."""
    tags = []
    for raw in HASHTAG_SEPARATORS.split(value.strip()):
        tag = raw.lstrip("#＃")
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def normalise_hashtags(value):
    """``"#a, #b  c"`` → ``"a, b, c"``; each tag letters, digits or ``_``."""
    tags = parse_hashtags(value)
    for tag in tags:
        if not HASHTAG_RE.fullmatch(tag) or tag.isdigit():
            raise ValidationError(
                _("“%(tag)s” is not a hashtag: use letters, digits and underscores."),
                params={"tag": tag},
            )
    if len(tags) > MAX_HASHTAGS:
        raise ValidationError(
            _("Use at most %(max)d hashtags."), params={"max": MAX_HASHTAGS}
        )
    return ", ".join(tags)


def normalise_host(value):
    """``"https://mastodon.social/"`` or ``"@me@mastodon.social"`` → host name."""
    host = re.sub(r"^https?://", "", value.strip(), flags=re.I).split("/", 1)[0]
    host = host.rsplit("@", 1)[-1].lower()
    if not host:
        return ""
    try:
        URLValidator(schemes=["https"])(f"https://{host}/")
    except ValidationError:
        raise ValidationError(
            _("Enter the server's name, like mastodon.social.")
        ) from None
    return host
