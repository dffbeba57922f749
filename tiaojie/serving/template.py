"""An offline Voilà template: the installed `lab` template with its CDN links replaced.

Voilà's lab template links Font Awesome from a CDN, so icons vanish on an intranet and the
browser makes requests to an outside host. We derive a template named ``tiaojie`` from the
installed one at build time (so it follows the pinned Voilà version) and serve Font Awesome
from the ``fontawesome-free`` package's files.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

TEMPLATE_NAME = "tiaojie"
CDN = re.compile(r'<link[^>]+href="https?://[^"]+"[^>]*>\s*')


def _share_voila() -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates"


def _fontawesome_root() -> Path:
    base = Path(sys.prefix) / "lib"
    for cand in base.glob("python3*/site-packages/fontawesome-free/static/fontawesome_free"):
        return cand
    raise FileNotFoundError("fontawesome-free is not installed (pip install fontawesome-free)")


def build_template(share_dir: Path) -> Path:
    """Create <share_dir>/voila/templates/tiaojie; return the template folder."""
    src = _share_voila() / "lab"
    dest = share_dir / "voila" / "templates" / TEMPLATE_NAME
    marker = dest / ".built-from"
    stamp = str((src / "index.html.j2").stat().st_mtime)
    if marker.exists() and marker.read_text() == stamp:
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "static").mkdir(parents=True)
    fa = "static/fontawesome/css/"
    local_index = "".join(f'{{{{ resources.include_css("{fa}{css}") }}}}\n' for css in ("all.min.css", "v4-shims.min.css"))
    local_page = "".join(f'<link rel="stylesheet" href="{{{{ base_url }}}}voila/{fa}{css}" type="text/css" />\n'
                         for css in ("all.min.css", "v4-shims.min.css"))
    # page.html (the tree listing) lives in base; index/tree files in lab override base.
    files = {p.name: p for p in (src.parent / "base").iterdir() if p.is_file() and p.suffix in (".html", ".j2")}
    files.update({p.name: p for p in src.iterdir() if p.is_file()})
    for name, path in files.items():
        text = path.read_text(encoding="utf-8")
        first = CDN.search(text)
        if first:
            local = local_index if name == "index.html.j2" else local_page
            text = text[:first.start()] + local + CDN.sub("", text[first.start():])
        (dest / name).write_text(text, encoding="utf-8")
    conf = {"base_template": "lab"}
    (dest / "conf.json").write_text(json.dumps(conf, indent=2))
    fa = _fontawesome_root()
    shutil.copytree(fa / "css", dest / "static" / "fontawesome" / "css")
    shutil.copytree(fa / "webfonts", dest / "static" / "fontawesome" / "webfonts")
    marker.write_text(stamp)
    return dest
