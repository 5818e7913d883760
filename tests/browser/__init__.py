"""Browser tests. Fixtures live in ``conftest.py``; :func:`origin` and
:func:`load` are shared."""

from urllib.parse import urlsplit


def origin(url):
    """The scheme, host and port of ``url``: what tells the site's own
    requests from a third party's."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


#: Milliseconds a page may take to load while the test suite shares the
#: cores (the first visit makes its image renditions).
QUIET_TIMEOUT = 90_000
#: Milliseconds after the load event in which a page's scripts may still
#: ask for something (the proof of work's workers start then).
SETTLE = 1500


def load(page, url):
    """Open ``url`` and wait for its load event and :data:`SETTLE`; the
    response. Not "networkidle": the proof of work's worker scripts, once
    cached, can keep Chromium's count of requests in flight from reaching
    zero."""
    response = page.goto(url, timeout=QUIET_TIMEOUT)
    page.wait_for_load_state("load", timeout=QUIET_TIMEOUT)
    page.wait_for_timeout(SETTLE)
    return response
