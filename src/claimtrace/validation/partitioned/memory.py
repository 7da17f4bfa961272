"""Give the memory a partition freed back to the operating system.

glibc's allocator keeps freed blocks of every thread's arena for reuse, so a process that works
through partitions one after another would show the sum of their peaks as resident memory.
``malloc_trim(0)`` returns the free pages; there is no library wrapper for it, hence ``ctypes``.
On a C library without it (macOS, musl) nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    """Collect cycles, then return freed heap pages to the OS (glibc).

    Frames held only by reference cycles are freed by the collector first. (``gc.freeze`` would
    make each collection cheaper, but what it freezes is never collected: memory grew with every
    partition.)
    """
    gc.collect()
    trim = _trim()
    if trim is not None:
        trim(0)
