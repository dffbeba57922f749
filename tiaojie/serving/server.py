"""Build the Voilà apps from their text sources and serve them on 127.0.0.1.

``prepare()`` turns every jupytext notebook in ``voila_apps/`` into ``_build/apps/*.ipynb`` and
derives the offline template; ``voila_argv()`` is the command line; ``serve()`` runs it.
Tests use the same two functions, so what is tested is what users get.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..core.settings import get_settings
from ..core.notebooks import build_notebook, text_notebooks
from .template import TEMPLATE_NAME, build_template

DEFAULT_PORT = 8866

# Lab extensions that throw console errors inside Voilà pages (stack-notes).
DENYLIST = ["@jupyter/nbgrader", "jupyterlab-jupytext", "@jupyter-notebook/lab-extension",
            "@voila-dashboards/jupyterlab-preview"]


@dataclass
class Prepared:
    apps_dir: Path
    share_dir: Path
    apps: list[str]


def prepare() -> Prepared:
    """Build app notebooks and the offline template. Removes stale built apps."""
    settings = get_settings()
    apps_build, share_dir = apps_build_dir(), settings.build_dir / "share" / "jupyter"
    apps_build.mkdir(parents=True, exist_ok=True)
    sources = text_notebooks(settings.content_root, ("voila_apps",))
    names = []
    for src in sources:
        rel = src.relative_to(settings.apps_dir).with_suffix(".ipynb")
        build_notebook(src, apps_build / rel)
        names.append(str(rel.with_suffix("")))
    names += course_pages(apps_build)
    wanted = {apps_build / f"{n}.ipynb" for n in names}
    for old in apps_build.rglob("*.ipynb"):
        if old not in wanted:
            old.unlink()
    build_template(share_dir)
    return Prepared(apps_build, share_dir, sorted(names))


def course_pages(apps_build: Path) -> list[str]:
    """The course pages, built under ``<apps>/course/`` (course home: ``course/home``)."""
    from ..course.build import build_course

    return [str(p.relative_to(apps_build).with_suffix("")) for p in build_course(apps_build / "course")]


def apps_build_dir() -> Path:
    return get_settings().build_dir / "apps"


def voila_env(share_dir: "Path | None" = None) -> dict[str, str]:
    share_dir = share_dir or get_settings().build_dir / "share" / "jupyter"
    env = get_settings().child_env()
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(share_dir), env.get("JUPYTER_PATH", "")]))
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return env


def voila_argv(port: int = DEFAULT_PORT, apps_dir: "Path | None" = None) -> list[str]:
    apps_dir = apps_dir or apps_build_dir()
    return [
        sys.executable, "-m", "voila", str(apps_dir),
        f"--port={port}", "--Voila.ip=127.0.0.1", "--no-browser",
        f"--template={TEMPLATE_NAME}", "--classic_tree=True",
        "--MappingKernelManager.cull_idle_timeout=900",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
        *(f"--VoilaConfiguration.extension_denylist={d}" for d in DENYLIST),
        r"--VoilaConfiguration.file_allowlist=.*\.(png|jpg|svg|css)",
    ]


def serve(port: int = DEFAULT_PORT) -> int:
    prepared = prepare()
    url = f"http://127.0.0.1:{port}/"
    print(f"tiaojie 应用已启动 / apps served at: {url}")
    for name in prepared.apps:
        if not name.startswith("course/") or name == "course/home":   # one line for the course
            print(f"  {url}voila/render/{name}.ipynb")
    print("在 JupyterLab 中打开课程 / open the curriculum in JupyterLab:  ./run.sh lab")
    print("按 Ctrl+C 停止 / press Ctrl+C to stop")
    sys.stdout.flush()
    try:
        return subprocess.call(voila_argv(port, prepared.apps_dir), env=voila_env(prepared.share_dir))
    except KeyboardInterrupt:
        return 0


def lab_argv(port: int = 8888, trainer: bool = False) -> list[str]:
    from .lab import course_home_url, lab_settings_dir

    root = get_settings().content_root
    return [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={root}",
            f"--port={port}", "--ServerApp.ip=127.0.0.1", "--no-browser",
            "--ServerApp.allow_root=True", f"--ServerApp.default_url={course_home_url()}",
            f"--LabApp.default_url={course_home_url()}",
            f"--LabApp.app_settings_dir={lab_settings_dir(trainer)}"]


def lab(port: int = 8888, trainer: bool = False) -> int:
    if shutil.which("jupyter", path=str(Path(sys.executable).parent)) is None:
        print("jupyter not found in this environment", file=sys.stderr)
        return 2
    print(f"JupyterLab 将在 http://127.0.0.1:{port}/lab/tree/curriculum/home.md 打开课程主页；"
          "请使用下方 Jupyter 打印的带 token 的地址。打开后点“运行 → 运行全部单元格”。")
    try:
        return subprocess.call(lab_argv(port, trainer), env=get_settings().child_env())
    except KeyboardInterrupt:
        return 0
