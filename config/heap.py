"""Keeping Python's garbage collector from pausing requests in a long-running server worker.

A worker holds ~100,000 long-lived objects (modules, compiled templates, URL patterns, cached
pieces of pages). Every few thousand requests the collector's oldest generation is due, and it
walks all of them: a 50-80 ms pause for whichever request is running, measured on the benchmark's
catalogue. ``gc.freeze()`` moves what exists into a generation the collector never walks, so its
later passes only look at what came after.

Freezing at import time would leave out what the first requests build (templates are compiled on
first use); so a worker freezes once, after it has served ``requests`` requests, when the
response of that request has been sent (``request_finished``): one full collection first, so that
no garbage is frozen with the rest. Only the web server's entry point (config/wsgi.py) turns this
on; tests and management commands never do. ``GC_FREEZE_AFTER_REQUESTS=0`` turns it off.
"""

import gc
import itertools
import logging
import time

from django.core.signals import request_finished

logger = logging.getLogger(__name__)
DISPATCH_UID = "etalase-freeze-heap"


def freeze_after(*, requests: int) -> None:
    """Freeze this process's heap once, after its ``requests``-th request (0 or less: never)."""
    if requests <= 0:
        return
    served = itertools.count(1)

    def on_request_finished(**kwargs):
        if next(served) != requests:
            return
        request_finished.disconnect(dispatch_uid=DISPATCH_UID)
        started = time.perf_counter()
        gc.collect()
        gc.freeze()
        logger.info(
            "Heap frozen after %s requests: %s objects, %.0f ms",
            requests, gc.get_freeze_count(), (time.perf_counter() - started) * 1000,
        )

    request_finished.connect(on_request_finished, weak=False, dispatch_uid=DISPATCH_UID)
