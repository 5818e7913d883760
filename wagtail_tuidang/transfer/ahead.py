"""Reading ahead: the next rows of an import are read and cleaned in a
thread while the database writes the last ones.

Reading and cleaning is Python's work, writing mostly the database's, and a
thread waiting for the database leaves Python to the other: on two cores an
import takes about the longer of the two instead of their sum. The thread
never touches the database (it would have a connection, and a transaction,
of its own); it reads in the language and time zone of the import, so its
row errors are worded as they would be without it.
"""

import queue
import threading

from django.utils import timezone, translation

#: Batches read ahead of the one being written: memory for one more batch.
AHEAD = 1
#: Seconds between two looks, by a reading thread kept waiting, at whether
#: the import still wants its batches.
POLL = 0.1
_END = object()


def read_ahead(items):
    """Yield what the generator ``items`` yields, running it in a thread of
    its own, at most :data:`AHEAD` items ahead; an exception it raises is
    raised here. Close this generator (``contextlib.closing``) when done:
    the thread then stops, and is waited for, whatever happened."""
    handover = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()
    surroundings = translation.get_language(), timezone.get_current_timezone()
    thread = threading.Thread(
        target=_produce,
        args=(items, handover, stop, surroundings),
        name="tuidang-import-reader",
        daemon=True,
    )
    thread.start()
    try:
        while True:
            item, error = handover.get()
            if error is not None:
                raise error
            if item is _END:
                return
            yield item
    finally:
        stop.set()
        thread.join()


def _produce(items, handover, stop, surroundings):
    language, zone = surroundings
    if language is None:
        translation.deactivate_all()
    else:
        translation.activate(language)
    timezone.activate(zone)
    try:
        for item in items:
            if not _put(handover, (item, None), stop):
                return
        _put(handover, (_END, None), stop)
    except Exception as error:  # raised again in the importing thread
        _put(handover, (None, error), stop)
    finally:
        items.close()


def _put(handover, entry, stop):
    """Hand ``entry`` over, unless the import stopped taking them."""
    while not stop.is_set():
        try:
            handover.put(entry, timeout=POLL)
        except queue.Full:
            continue
        return True
    return False
