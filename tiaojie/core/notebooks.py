"""Text notebooks: find jupytext sources, build them to .ipynb, execute them headless.

Notebooks are kept as jupytext MyST markdown (``*.md`` with a ``jupytext`` front matter) or
percent scripts; ``.ipynb`` files are build output under the settings' build directory.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from .ipc import socket_folder
from .settings import get_settings

NOTEBOOK_DIRS = ("curriculum", "simulations", "voila_apps")


def is_text_notebook(path: Path) -> bool:
    """A markdown file is a notebook only if it declares a jupytext/kernelspec front matter."""
    if path.suffix not in (".md", ".py"):
        return False
    head = path.read_text(encoding="utf-8")[:600]
    return "jupytext:" in head and "kernelspec:" in head


def text_notebooks(root: "Path | None" = None, dirs=NOTEBOOK_DIRS) -> list[Path]:
    """Every text notebook under the content root's ``dirs``."""
    root = root or get_settings().content_root
    found: list[Path] = []
    for d in dirs:
        base = root / d
        if base.is_dir():
            found.extend(p for p in sorted(base.rglob("*"))
                         if p.is_file() and "_build" not in p.parts and ".ipynb_checkpoints" not in p.parts
                         and "templates" not in p.parts and is_text_notebook(p))
    return found


def read_notebook(path: Path):
    import jupytext

    nb = jupytext.read(path)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    return nb


def build_notebook(src: Path, dest: Path) -> Path:
    """Write ``src`` (jupytext text) as ``dest`` (.ipynb) if missing or older."""
    import nbformat

    if dest.exists() and dest.stat().st_mtime >= src.stat().st_mtime:
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(read_notebook(src), dest)
    return dest


@contextlib.contextmanager
def ipc_kernel_config():
    """Config for a kernel that talks over Unix sockets in its own temporary folder, not TCP:
    jupyter_client picks free TCP ports and releases them before the kernel binds, so with many
    kernels starting at once another process can take one first ("Address already in use", the
    kernel dies before replying). The folder (and any socket left in it) is removed afterwards."""
    from traitlets.config import Config

    folder = socket_folder("tj-kernel-", len("k"))
    try:
        yield Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(folder, "k")}})
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def execute_notebook(path: Path, timeout: int = 300, cwd: Path | None = None):
    """Execute a text or .ipynb notebook headless with nbclient; raise on the first error."""
    import nbformat
    from nbclient import NotebookClient

    nb = read_notebook(path) if path.suffix != ".ipynb" else nbformat.read(path, as_version=4)
    with ipc_kernel_config() as config:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", config=config,
                                resources={"metadata": {"path": str(cwd or path.parent)}})
        client.execute()
    return nb
