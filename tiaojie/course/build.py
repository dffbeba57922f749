"""The course as notebooks a server can render: every page under ``curriculum/`` built to .ipynb.

Layout is kept (``home.ipynb``, ``<module>/module.ipynb``, ``practice/*.ipynb``) and markdown
links between pages are rewritten from the text sources (``.md``) to the built notebooks
(``.ipynb``), so navigation works in Voilà as it does in JupyterLab.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.notebooks import read_notebook, text_notebooks
from .loader import curriculum_dir, repo_root

_LOCAL_MD_LINK = re.compile(r"\]\((?![a-z]+://)([^)\s]+)\.md\)")


def rewrite_links(markdown: str) -> str:
    return _LOCAL_MD_LINK.sub(r"](\1.ipynb)", markdown)


def build_page(src: Path, dest: Path) -> Path:
    import nbformat

    if dest.exists() and dest.stat().st_mtime >= src.stat().st_mtime:
        return dest
    nb = read_notebook(src)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = rewrite_links(cell.source)
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest)
    return dest


def build_course(dest: Path) -> list[Path]:
    """Build every course page into ``dest``; return the built notebooks."""
    root = curriculum_dir()
    sources = text_notebooks(repo_root(), ("curriculum",))
    return [build_page(src, dest / src.relative_to(root).with_suffix(".ipynb")) for src in sources]
