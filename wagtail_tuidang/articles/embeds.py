"""Click-to-load embeds: which providers may be shown in a frame, and how.

An embed block stores only the URL an editor pasted. The page shows a local
placeholder naming the provider and a link to the original; nothing is
requested from the provider until the reader clicks (``embed.js`` then swaps
in the frame). Providers not listed here are shown as the link alone.

Unlike ``wagtail.embeds``, this asks no oEmbed endpoint: the server makes no
third-party request either, and the provider's own HTML (scripts, trackers)
never reaches the page.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Provider:
    """A provider whose player may be framed: ``pattern`` matches a page URL
    and captures the video id that ``frame_url`` takes."""

    name: str
    pattern: re.Pattern
    frame_url: str

    def frame_for(self, url):
        match = self.pattern.match(url)
        return self.frame_url.format(id=match.group(1)) if match else None


#: Providers with a player that can be framed, in the privacy-friendliest
#: form each offers (YouTube's no-cookie domain, Vimeo's "do not track").
#: Append to this list (or override ``ClickToLoadEmbedBlock.get_providers``)
#: to add one.
PROVIDERS = [
    Provider(
        "YouTube",
        re.compile(
            r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/"
            r"|shorts/|live/)|youtu\.be/)([\w-]{11})"
        ),
        "https://www.youtube-nocookie.com/embed/{id}?autoplay=1",
    ),
    Provider(
        "Vimeo",
        re.compile(r"^https?://(?:www\.)?vimeo\.com/(?:video/)?(\d+)"),
        "https://player.vimeo.com/video/{id}?dnt=1&autoplay=1",
    ),
]


@dataclass(frozen=True)
class Embed:
    """What the placeholder shows: the original ``url``, a ``provider`` name,
    and the ``frame_url`` to load on click (None: a link only)."""

    url: str
    provider: str
    frame_url: str | None


def describe(url, providers=None):
    """The :class:`Embed` for ``url``, or None for anything but http(s)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    for provider in PROVIDERS if providers is None else providers:
        frame_url = provider.frame_for(url)
        if frame_url:
            return Embed(url, provider.name, frame_url)
    host = parts.hostname.removeprefix("www.")
    return Embed(url, host, None)
