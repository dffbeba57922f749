"""The server hands freed heap pages back to the OS when its last kernel has gone."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent("""
    import psutil
    from tiaojie.serving.memory import release_freed_memory
    rss = lambda: psutil.Process().memory_info().rss
    base = rss()
    blocks = [bytes(4000) + str(i).encode() for i in range(50_000)]   # ~200 MB on the C heap
    keep = blocks[::16]            # one survivor every 16 blocks: the heap cannot shrink from the top
    del blocks
    held = rss()
    trimmed = release_freed_memory()
    print(trimmed, base, held, rss(), len(keep))
""")


def test_freed_heap_pages_go_back_to_the_os():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout.split()
    trimmed, base, held, after = out[0] == "True", *map(int, out[1:4])
    assert trimmed
    grown = held - base
    assert grown > 150 * 2 ** 20, "the freed blocks stayed mapped before the trim"
    assert after - base < grown / 3, (base, held, after)
