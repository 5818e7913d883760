"""Browser tests. Fixtures live in ``conftest.py``; :func:`origin` is shared."""

from urllib.parse import urlsplit


def origin(url):
    """The scheme, host and port of ``url``: what tells the site's own
    requests from a third party's."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
