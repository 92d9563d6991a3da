"""Pausing Python's cyclic garbage collector, safely across threads.

Two users:
- rules.validate pauses it for speed (a full collection over a 10,000-site document can double the
  time of one validation);
- the app builds PDFs on a worker thread. A collection that starts on that thread may free Qt
  wrapper objects left in reference cycles by the UI, and Qt objects must be destroyed on the
  thread that owns them: the process crashes (seen in CI: segmentation fault in
  "Garbage-collecting" under reportlab's stringWidth on the worker thread). With the collector
  paused while the worker runs, every collection happens on the UI thread.

gc.disable() is process-wide, so the pauses are counted: the collector is enabled again only when
the last pause ends, and only if it was enabled when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


def pause() -> None:
    """Begin a pause; every pause() must be matched by one resume(), possibly on another thread."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1


def resume() -> None:
    global _depth
    with _lock:
        if _depth == 0:
            raise RuntimeError("resume() without pause()")
        _depth -= 1
        if _depth == 0 and _was_enabled:
            gc.enable()


@contextmanager
def gc_paused() -> Iterator[None]:
    pause()
    try:
        yield
    finally:
        resume()


def age_survivors() -> None:
    """Count every object alive now as old (in the oldest generation). Everything made while the
    collector was paused is young to it, so the first collection after a pause walks all that is still
    alive (after `validate` of a 5,000-site order: the modules imported and the rules' caches, 6-9 ms,
    against 2 ms at 10 sites). gc.freeze() and unfreeze() move the lists whole, walking nothing; the
    objects stay collectable by the full collections, as old objects are."""
    gc.freeze()
    gc.unfreeze()


def keep_out_of_collections() -> None:
    """Leave everything alive now out of the collector's later walks (gc.freeze): called once the app
    has made what it keeps for good (its modules, the wizard's pages). A full collection walked those
    ~66,000 objects each time, 30-80 ms on the UI thread (up to 159 ms on a busy machine: the slowest
    steps of a day's random actions, issue 22 item 5); after this it walks only what was made since.
    Objects frozen are still freed by reference counting; only a reference cycle among them would be
    kept, and nothing of the app's start-up is garbage-in-waiting."""
    gc.freeze()

