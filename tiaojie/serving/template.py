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
NAV_VERSION = "nav-2"


def nav_html(apps: "list[str] | None" = None) -> str:
    """The navigation bar on every app page: the gallery and each built app open to everyone."""
    from .catalog import CATALOG

    links = "".join(f'<a href="{{{{ resources.base_url }}}}{a.path}">{a.title}</a>'
                    for a in CATALOG if not a.trainer_only and (apps is None or a.name in apps))
    return ('<nav class="tj-nav" style="display:flex;gap:18px;align-items:center;padding:8px 24px;'
            'background:#1f4e79;font-size:15px;font-family:sans-serif">'
            '<a href="{{ resources.base_url }}" style="font-weight:bold">调解员培训与模拟套件 · 首页</a>'
            + links + '</nav><style>.tj-nav a{color:#fff;text-decoration:none}.tj-nav a:hover{text-decoration:underline}</style>')


# Voilà's English loading texts, in Chinese; a longer visible wait than the 4 s it used to give up after.
CHINESE = {
    "spinner.macro.html.j2": [("Running {{nb_title}}...",
                               "正在启动「{{nb_title}}」，请稍候……<br><small>同时使用的人多时可能需要一分钟</small>")],
    "voila_setup.macro.html.j2": [("`Executing ${cell_index} of ${cell_count}`", "`正在加载（${cell_index} / ${cell_count}）……`"),
                                  ("`Reading ${cell_index} of ${cell_count}`", "`正在加载（${cell_index} / ${cell_count}）……`")],
    "index.html.j2": [("{{ spinner.html() }}", "__NAV__{{ spinner.html() }}")],
}
CDN = re.compile(r'<link[^>]+href="https?://[^"]+"[^>]*>\s*')


def _share_voila() -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates"


def _fontawesome_root() -> Path:
    """Font Awesome's files, wherever pip put the distribution (prefix, --user, --target, a .pth path)."""
    from importlib import metadata

    try:
        root = Path(metadata.distribution("fontawesome-free").locate_file("fontawesome-free/static/fontawesome_free"))
    except metadata.PackageNotFoundError:
        root = None
    if root is None or not root.is_dir():
        raise FileNotFoundError("fontawesome-free is not installed (pip install fontawesome-free)")
    return root


def build_template(share_dir: Path, apps: "list[str] | None" = None) -> Path:
    """Create <share_dir>/voila/templates/tiaojie; return the template folder."""
    src = _share_voila() / "lab"
    dest = share_dir / "voila" / "templates" / TEMPLATE_NAME
    marker = dest / ".built-from"
    stamp = f'{(src / "index.html.j2").stat().st_mtime} {NAV_VERSION} {sorted(apps or [])}'
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
        for old, new in CHINESE.get(name, ()):
            if old not in text:
                raise RuntimeError(f"Voilà template {name} changed: {old!r} not found")
            text = text.replace(old, new)
        text = text.replace("__NAV__", nav_html(apps))
        (dest / name).write_text(text, encoding="utf-8")
    conf = {"base_template": "lab"}
    (dest / "conf.json").write_text(json.dumps(conf, indent=2))
    fa = _fontawesome_root()
    shutil.copytree(fa / "css", dest / "static" / "fontawesome" / "css")
    shutil.copytree(fa / "webfonts", dest / "static" / "fontawesome" / "webfonts")
    marker.write_text(stamp)
    return dest
