"""Who the trainee is, as the server says (``tiaojie.core.identity``): the logged-in user of
``tiaojie serve``, the JupyterHub user under a hub, else the one local user.

Never a name typed into a box; the course pages, the role-play app and the records all ask the
same function, so a trainee's visits, self-checks and attempts add up under one name.
"""

from __future__ import annotations

from ..core.identity import current_viewer


def current_trainee() -> str:
    return current_viewer().name
