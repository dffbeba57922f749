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
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core.settings import get_settings

COURSE_HOME = "curriculum/home.md"
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
