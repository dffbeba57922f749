"""tiaojie.serving.voila_xsrf installs Voilà's prelaunch_hook when linked, keeping a configured one.
(The hook's effect in a real JupyterHub and Chromium is tested in test_hub.py.)"""

from __future__ import annotations

from jupyter_server.serverapp import ServerApp
from voila.configuration import VoilaConfiguration

from tiaojie.serving import voila_xsrf


class Handler:
    """Records reads of ``xsrf_token`` (the property that sets the cookie on a real handler)."""

    def __init__(self):
        self.reads = 0

    @property
    def xsrf_token(self):
        self.reads += 1
        return b"token"


def test_linking_gives_voila_the_hook():
    app = ServerApp()
    voila_xsrf._link_jupyter_server_extension(app)
    hook = VoilaConfiguration(parent=app).prelaunch_hook     # as Voilà's extension builds it
    handler = Handler()
    assert hook(handler, notebook={"cells": []}, cwd="/") is None   # the notebook is left as it is
    assert handler.reads == 1


def test_a_configured_hook_still_runs_after_ours():
    seen = []

    def own(handler, notebook, cwd):
        seen.append((handler.reads, cwd))
        return {"changed": True}

    app = ServerApp()
    app.config.VoilaConfiguration.prelaunch_hook = own
    voila_xsrf._link_jupyter_server_extension(app)
    handler = Handler()
    assert VoilaConfiguration(parent=app).prelaunch_hook(handler, notebook={}, cwd="/apps") == {"changed": True}
    assert seen == [(1, "/apps")]
