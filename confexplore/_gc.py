"""Holding Python's cyclic garbage collector off during bulk work."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["gc_paused"]

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector off inside the block.

    Loading a catalog builds millions of small dicts and lists, and a broad search
    gets one tuple per hit from tantivy: both trigger collections that walk every
    object of the session (a papers frame holds a list per row and cell) and find
    nothing to free, since none of it is cyclic. Nested and concurrent blocks
    (threads) are counted: the collector's earlier state comes back when the last
    one ends.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
