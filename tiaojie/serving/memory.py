"""Give freed memory back to the operating system once a class has left.

Twenty trainees at once push the server's heap up by tens of MiB (websocket buffers, rendered
pages, kernel messages). Python frees those objects when the pages close, but glibc keeps the
freed pages mapped, so the server's resident memory would stay at its high-water mark until it
restarts. ``release_freed_memory`` runs a full collection and asks glibc to return free pages
(``malloc_trim``); the kernel manager calls it when the last kernel has gone.
"""

from __future__ import annotations

import ctypes
import gc
from functools import lru_cache


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    try:   # the running program's own symbols: libc is loaded already (no ldconfig lookup)
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> bool:
    """Collect garbage and return free heap pages to the OS; True when glibc trimmed."""
    gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
