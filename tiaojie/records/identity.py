"""Who the trainee is, as the server says: the JupyterHub user under a hub, else the OS user.

Never a name typed into a box. The serving layer may pass a name explicitly instead.
"""

from __future__ import annotations

import getpass
import os


def current_trainee() -> str:
    """The JupyterHub user name if the kernel runs under a hub, else the login name."""
    hub_user = os.environ.get("JUPYTERHUB_USER", "").strip()
    if hub_user:
        return hub_user
    try:
        return getpass.getuser()
    except (KeyError, OSError):   # no passwd entry (some containers)
        return "trainee"
