"""JupyterLab for the course: Chinese interface, text notebooks open as notebooks, course home.

``lab_settings_dir()`` writes an app-settings folder (``overrides.json``) under the build
directory and ``tiaojie lab`` points ``LabApp.app_settings_dir`` at it, so nothing in the user's
home or the shared environment is changed:

- the Simplified Chinese language pack (``jupyterlab-language-pack-zh-CN``) is the locale;
- Markdown and MyST files open with jupytext's notebook factory by default (not as text);
- JupyterLab's news and update checks are off (the suite stays offline);
- for trainees (the default) nbgrader's instructor panels — create assignment, formgrader,
  course list and the nbgrader menu — are disabled (``page_config.json``); ``--trainer`` keeps
  them.

The course opens on ``curriculum/home.md``.

``tiaojie serve`` in local mode also starts this JupyterLab beside the apps
(``start_companion_lab``): loopback only, a fresh token, and the gallery links to the course home
with that token, so one command serves the apps and the course in JupyterLab. Local mode is one
person on their own machine (anyone who can open the gallery can open the lab); a class is
served with ``--users``, where no JupyterLab is started (JupyterHub gives each user theirs).
"""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import sys
from pathlib import Path

from ..core.processes import die_with_parent
from ..core.settings import Settings, get_settings

COURSE_HOME = "curriculum/home.md"
LAB_URL_ENV = "TIAOJIE_LAB_URL"     # serve → the Voilà server: the gallery's link, token included
OVERRIDES = {
    "@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"},
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}

INSTRUCTOR_PLUGINS = ["@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader",
                      "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:menu"]


def lab_settings_dir(trainer: bool = False) -> Path:
    """Write the app-settings folder for a trainee's (default) or a trainer's JupyterLab."""
    d = get_settings().build_dir / "lab" / ("trainer" if trainer else "trainee") / "settings"
    d.mkdir(parents=True, exist_ok=True)
    (d / "overrides.json").write_text(json.dumps(OVERRIDES, ensure_ascii=False, indent=2), encoding="utf-8")
    disabled = {} if trainer else {plugin: True for plugin in INSTRUCTOR_PLUGINS}
    (d / "page_config.json").write_text(json.dumps({"disabledExtensions": disabled}, indent=2), encoding="utf-8")
    return d


def course_home_url(base: str = "") -> str:
    return f"{base}/lab/tree/{COURSE_HOME}"


def lab_argv(port: int = 8888, trainer: bool = False) -> list[str]:
    root = get_settings().content_root
    return [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={root}",
            f"--port={port}", "--ServerApp.ip=127.0.0.1", "--no-browser",
            "--ServerApp.allow_root=True", f"--ServerApp.default_url={course_home_url()}",
            f"--LabApp.default_url={course_home_url()}",
            f"--LabApp.app_settings_dir={lab_settings_dir(trainer)}"]


def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as Tornado binds: TIME_WAIT is no obstacle
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_companion_lab(port: int, trainer: bool, settings: Settings) -> "tuple[subprocess.Popen | None, str]":
    """Start JupyterLab for the course on 127.0.0.1:``port``; (process, URL with token) or (None, "")
    when the port is taken (a note says so; the apps are served regardless)."""
    if not port_free(port):
        print(f"端口 {port} 已被占用，未启动 JupyterLab（可用 --lab-port 换一个端口）/ "
              f"port {port} is taken: JupyterLab not started", file=sys.stderr)
        return None, ""
    token = secrets.token_urlsafe(24)
    log_dir = settings.ensure_data_dir() / "serving"
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {**settings.child_env(), "JUPYTER_TOKEN": token}   # not on the command line, which others can read
    with (log_dir / "jupyterlab.log").open("w") as out:
        # its own session and no stdin: Ctrl+C in the terminal stops ``tiaojie serve``, which then
        # stops this server (JupyterLab would otherwise ask on the terminal whether to shut down)
        proc = subprocess.Popen(lab_argv(port, trainer) + ["--ServerApp.port_retries=0"], env=env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, preexec_fn=die_with_parent)
    return proc, f"http://127.0.0.1:{port}{course_home_url()}?token={token}"
