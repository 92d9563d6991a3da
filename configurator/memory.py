"""Giving back to the system the memory the C allocator holds after it was freed (issue 22 item 1).

A day of edits, previews and exports frees most of what it allocates, but glibc's malloc keeps freed
blocks scattered through its heaps (one heap per thread that allocated: the PDFs are built on worker
threads), and the process's resident memory crept up by tens of MB an hour while the memory in use did
not. `release_free_memory()` asks glibc to return the free pages (malloc_trim); it is called when a
background job ends and now and then while the app runs. Elsewhere (Windows, macOS, musl) it does
nothing: those allocators return memory their own way."""

from __future__ import annotations

import sys
from typing import Any

_trim: Any = None
_resolved = False


def _malloc_trim() -> Any:
    global _trim, _resolved
    if not _resolved:
        _resolved = True
        if sys.platform.startswith("linux"):
            import ctypes  # here, not at start-up

            try:
                trim = ctypes.CDLL(None).malloc_trim  # the C library the process runs with; glibc only
                trim.argtypes = [ctypes.c_size_t]
                trim.restype = ctypes.c_int
                _trim = trim
            except (OSError, AttributeError):
                _trim = None
    return _trim


def release_free_memory() -> bool:
    """Return the allocator's free pages to the system; False where there is nothing to call."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


#: glibc's mallopt parameter M_MMAP_THRESHOLD (malloc.h)
_M_MMAP_THRESHOLD = -3
#: blocks this large or larger get pages of their own, given back whole when freed
MMAP_THRESHOLD = 256 * 1024


def keep_large_blocks_apart() -> bool:
    """Blocks of MMAP_THRESHOLD or more (the preview's page images, ~3 MB each; a PDF's buffers) are
    mapped on their own and returned to the system when freed. glibc otherwise raises that threshold
    after the first such block is freed and serves later ones from its heap, where they fragment it:
    in 10,000 random actions resident memory grew 118 MB while the memory in use grew 13 MB (issue 22
    item 1). Linux with glibc only; elsewhere (Windows' heap, macOS) nothing to do: False."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))

