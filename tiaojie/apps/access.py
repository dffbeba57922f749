"""Pages for trainers only (the trainer dashboard): a refusal for anyone else, whatever server runs them.

The served suite already refuses such pages to trainees (HTTP 403); under JupyterHub a trainee's own
server would render any notebook in its folder, so the page checks the server-given role itself.
"""

from __future__ import annotations

import ipywidgets as W

from ..core.identity import current_viewer
from .boundary import error_html


def trainer_only(build, environ=None):
    """``build()`` for a trainer; a Chinese refusal for anyone else."""
    if current_viewer(environ).is_trainer:
        return build()
    return W.HTML(error_html("此页面仅供培训师使用。如需访问，请联系培训师。"))
