"""Folders for kernels' Unix sockets, short enough for the socket paths inside them.

A Unix socket path holds at most 107 bytes on Linux (104 on macOS). The kernels' sockets are
named ``<folder>/<name>-<port>``, so a long ``TMPDIR`` (a home directory, a CI workspace) can push
every path over the limit and no kernel starts ("File name too long"). ``socket_folder`` makes
the folder under the usual temporary directory when the longest socket path fits, and under
``/tmp`` otherwise.
"""

from __future__ import annotations

import os
import sys
import tempfile

MAX_SOCKET_PATH = 103 if sys.platform == "darwin" else 107
RANDOM_PART = 8                  # what mkdtemp adds to the prefix
PORT_PART = 6                    # "-" and up to five digits


def fits(folder: str, name_length: int) -> bool:
    """Does ``<folder>/<name>-<port>`` fit in a Unix socket path?"""
    return len(os.fsencode(folder)) + 1 + name_length + PORT_PART <= MAX_SOCKET_PATH


def socket_folder(prefix: str, name_length: int, root: "str | None" = None) -> str:
    """A new private folder (mode 0700) for sockets named with up to ``name_length`` characters."""
    base = root or tempfile.gettempdir()
    if not fits(os.path.join(base, prefix + "x" * RANDOM_PART), name_length):
        base = "/tmp"
    return tempfile.mkdtemp(prefix=prefix, dir=base)
