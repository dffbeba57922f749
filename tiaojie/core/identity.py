"""Who is looking at an app, as the server says — never a name typed into a box.

- Served by ``tiaojie serve``: the server puts the logged-in user and role into the request
  headers it passes to the kernel (``HTTP_X_TIAOJIE_USER`` / ``HTTP_X_TIAOJIE_ROLE``; any copy
  the browser sent is dropped first).
- Under JupyterHub: the single-user server's ``JUPYTERHUB_USER``; the role comes from
  ``TIAOJIE_ROLE``, which the hub's spawner sets from the user's group (deploy/jupyterhub_config.py);
  in the trainers-only ``formgrader`` service, the service name with the role the hub config gives it.
- Otherwise (a notebook on one's own machine): the one local user, as a trainee.

Also reads the page's query string (``QUERY_STRING``, set by Voilà) for links such as
``roleplay.ipynb?case=bnk-001``; callers validate every value they use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

from .roles import LOCAL_USER, ROLE_LABELS, TRAINEE, TRAINER

__all__ = ["LOCAL_USER", "ROLE_LABELS", "TRAINEE", "TRAINER", "Viewer", "current_viewer", "query_param"]


@dataclass(frozen=True)
class Viewer:
    name: str
    role: str = TRAINEE
    source: str = "local"    # server | hub | local

    @property
    def is_trainer(self) -> bool:
        return self.role == TRAINER

    @property
    def label(self) -> str:
        return f"{self.name}（{ROLE_LABELS.get(self.role, self.role)}）"


def _role(value: "str | None") -> str:
    return value if value in ROLE_LABELS else TRAINEE


def current_viewer(environ=None) -> Viewer:
    env = os.environ if environ is None else environ
    if env.get("HTTP_X_TIAOJIE_USER"):
        return Viewer(unquote(env["HTTP_X_TIAOJIE_USER"]), _role(env.get("HTTP_X_TIAOJIE_ROLE")), "server")
    if env.get("JUPYTERHUB_USER"):
        return Viewer(env["JUPYTERHUB_USER"], _role(env.get("TIAOJIE_ROLE")), "hub")
    if env.get("JUPYTERHUB_SERVICE_NAME"):   # a hub service only its permitted group reaches (formgrader)
        return Viewer(env["JUPYTERHUB_SERVICE_NAME"], _role(env.get("TIAOJIE_ROLE")), "hub")
    return Viewer(LOCAL_USER, TRAINEE, "local")


def query_param(name: str, environ=None) -> "str | None":
    """The first value of ``name`` in the page's query string, or None."""
    env = os.environ if environ is None else environ
    values = parse_qs(env.get("QUERY_STRING", "")).get(name)
    return values[0] if values else None
