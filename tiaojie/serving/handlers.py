"""The request handlers of the served suite: gallery, login, app pages, kernel shutdown, pictures.

App pages are Voilà's own page handler with three additions: the app must be in the catalogue
(trainer-only apps need the trainer role); the server-known identity is put into request headers
that Voilà passes to the kernel environment (client-sent copies are dropped first); and the
``_xsrf`` cookie is set, so the page-close beacon Voilà sends with that cookie's value is
accepted (upstream voila-dashboards/voila#1458: without the cookie every shutdown was refused).
"""

from __future__ import annotations

from urllib.parse import quote

from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from tornado.escape import url_escape
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.voila_identity_provider import VoilaLoginHandler

from .catalog import CATALOG, entry
from .guard import render
from .identity import ROLES, TRAINER, TRAINEE
from .peer import same_os_user

USER_HEADER, ROLE_HEADER = "X-Tiaojie-User", "X-Tiaojie-Role"


def role_of(user) -> str:
    return getattr(user, "role", TRAINEE)


def page_ns(handler) -> dict:
    user = handler.current_user
    return {"base_url": handler.base_url, "user": user.username if user else "",
            "role_label": ROLES.get(role_of(user), "") if user else "",
            "logout": handler.identity_provider.logout_available}


class TiaojieAuthorizer(Authorizer):
    """Kernels are reachable (model, websocket, delete) only by the user whose page started them."""

    def is_authorized(self, handler, user, action, resource) -> bool:
        if user is None or resource != "kernels":
            return False
        kernel_id = getattr(handler, "kernel_id", None) or handler.path_kwargs.get("kernel_id")
        owner = getattr(handler.kernel_manager, "owner", lambda _k: None)(kernel_id)
        return kernel_id is not None and owner == user.username


class GalleryHandler(JupyterHandler):
    def initialize(self, available=(), lab_url=""):
        self.available = set(available)
        self.lab_url = lab_url

    @web.authenticated
    def get(self):
        trainer = role_of(self.current_user) == TRAINER
        apps = []
        for app in CATALOG:
            built = app.name in self.available
            allowed = trainer or not app.trainer_only
            note = "" if built and allowed else ("需要培训师权限" if built else "即将提供")
            apps.append({**app.__dict__, "path": app.path, "open": built and allowed, "note": note})
        self.set_header("Cache-Control", "no-store")
        lab_url = self.lab_url if self.lab_url and same_os_user(self.request) else ""
        self.finish(render("gallery.html", apps=apps, lab_url=lab_url, lab_running=bool(self.lab_url),
                           **page_ns(self)))


class AppPageHandler(TornadoVoilaHandler):
    def initialize(self, extra_apps=(), **kwargs):
        super().initialize(**kwargs)
        self.extra_apps = set(extra_apps)

    async def prepare(self):
        await super().prepare()
        if self._finished or self.current_user is None:
            return
        name = (self.path_args[0] if self.path_args else "").removesuffix(".ipynb")
        app = entry(name)
        if app is None and name not in self.extra_apps:
            raise web.HTTPError(404)
        if app is not None and app.trainer_only and role_of(self.current_user) != TRAINER:
            raise web.HTTPError(403)
        self.xsrf_token   # noqa: B018 — sets the _xsrf cookie the page-close beacon sends back
        for header in (USER_HEADER, ROLE_HEADER):
            if header in self.request.headers:
                del self.request.headers[header]
        self.request.headers[USER_HEADER] = quote(self.current_user.username)
        self.request.headers[ROLE_HEADER] = role_of(self.current_user)


class ShutdownHandler(VoilaShutdownKernelHandler):
    """Voilà's page-close shutdown, for the kernel's own user only."""

    async def post(self, kernel_id):
        if self.current_user is None or self.kernel_manager.owner(kernel_id) != self.current_user.username:
            raise web.HTTPError(404)
        return await super().post(kernel_id)


class LoginHandler(VoilaLoginHandler):
    def _render(self, message=None):
        self.write(render("login.html", next=url_escape(self.get_argument("next", default=self.base_url)),
                          message=message, xsrf_form_html=self.xsrf_form_html,
                          **{**page_ns(self), "user": ""}))


class LogoutHandler(JupyterHandler):
    def get(self):
        self.identity_provider.clear_login_cookie(self)
        self.redirect(self.base_url + "login")

    get.__allow_unauthenticated = True   # what jupyter_server's @allow_unauthenticated sets
