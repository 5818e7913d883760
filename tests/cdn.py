"""Frontend cache backends for tests: one recording what it is asked to
purge, one that cannot be reached."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

#: Each batch of URLs the recording backend received, sorted.
BATCHES = []


class RecordingBackend(BaseBackend):
    """Records each batch of URLs it is asked to purge."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        BATCHES.append(sorted(urls))


class DownBackend(BaseBackend):
    """A CDN that cannot be reached."""

    def purge(self, url):
        raise ConnectionError("cdn.example.net: connection refused")


def recording_settings(*extra):
    """``WAGTAILFRONTENDCACHE`` with the recording backend (and ``extra``
    (name, backend class name) pairs first); empties :data:`BATCHES`."""
    BATCHES.clear()
    backends = {name: {"BACKEND": f"tests.cdn.{cls}"} for name, cls in extra}
    return {**backends, "test": {"BACKEND": "tests.cdn.RecordingBackend"}}


def purged():
    """Every URL purged so far, sorted."""
    return sorted({url for batch in BATCHES for url in batch})
