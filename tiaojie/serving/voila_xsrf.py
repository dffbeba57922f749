"""A Jupyter Server extension: Voilà app pages set the ``_xsrf`` cookie themselves.

Under JupyterHub, Voilà runs inside each user's Jupyter Server, not as ``tiaojie serve``. Its page
handler never reads ``xsrf_token``, so it never sets the ``_xsrf`` cookie, yet the page needs the
cookie twice: the widget manager's kernel request sends it as ``X-XSRFToken`` (JupyterHub checks
it on every cookie-authenticated request that is not a plain navigation) and the page-close beacon
sends it as the ``_xsrf`` form field (voila-dashboards/voila#1458). JupyterHub sets the cookie on
the server's OAuth callback and JupyterLab's pages set it, but it is a session cookie while the
login cookie lasts 30 days: after the browser is closed and opened again, a bookmarked app renders
and starts a kernel, its widgets are refused (403) so the page stays empty, and closing it leaves
the kernel to the idle culler; every reload starts another.

The fix is Voilà's own ``VoilaConfiguration.prelaunch_hook``, which Voilà calls with the request
handler before the page is written: it reads ``handler.xsrf_token``, which sets the cookie when the
browser lacks a valid one (under JupyterHub the hub's signed token on the server's path, on page
navigations only; under a plain Jupyter Server tornado's). XSRF checking stays on.

Enabled by ``deploy/jupyterhub_config.py`` for the users' servers and the formgrader service:
``--ServerApp.jpserver_extensions=tiaojie.serving.voila_xsrf=True``.
"""

from __future__ import annotations


def set_xsrf_cookie(handler, notebook=None, cwd=None, *, then=None):
    """Voilà ``prelaunch_hook``: make the page response carry a valid ``_xsrf`` cookie."""
    handler.xsrf_token  # noqa: B018 — the property sets the cookie when the request lacks a valid one
    return then(handler, notebook=notebook, cwd=cwd) if then else None


def _jupyter_server_extension_points():
    return [{"module": "tiaojie.serving.voila_xsrf"}]


def _link_jupyter_server_extension(serverapp) -> None:
    """Install the hook before Voilà's extension loads and reads its configuration (every extension
    is linked before any is loaded); a hook configured already still runs, after ours."""
    from functools import partial

    section = serverapp.config.VoilaConfiguration
    configured = section.get("prelaunch_hook")
    section.prelaunch_hook = partial(set_xsrf_cookie, then=configured) if configured else set_xsrf_cookie


def _load_jupyter_server_extension(serverapp) -> None:
    serverapp.log.info("tiaojie: Voilà pages set the _xsrf cookie (page-close shutdown, widgets after a browser restart)")
