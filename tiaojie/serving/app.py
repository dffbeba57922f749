"""``TiaojieVoila``: Voilà's standalone server, locked down for a class.

Compared with plain ``voila DIR`` it
- serves only what the apps need: the gallery at ``/``, each catalogued app page, Voilà's
  static/template/lab-extension assets, the kernel API and websocket (owner only), the page-close
  shutdown, login/logout and the gallery pictures — no file handler, no tree, no contents API;
  everything else is a Chinese 404;
- checks Host, Origin and path tricks on every request (``guard.GuardedApplication``);
- knows who is who (``identity.TiaojieIdentityProvider``, ``handlers.TiaojieAuthorizer``) and hands
  the identity to the kernel; listens beyond loopback only with a users file;
- caps live kernels globally and per user (``kernels.CappedKernelManager``).

Run as ``python -m tiaojie.serving.app APPS_DIR --port … [--TiaojieVoila.users_file=…]``;
``server.voila_argv`` builds that command line for ``tiaojie serve`` and the tests.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import tornado.web
from jupyter_server.services.kernels.handlers import KernelHandler, _kernel_id_regex
from jupyter_server.utils import url_path_join
from jupyterlab_server.themes_handler import ThemesHandler
from traitlets import Int, List, Unicode
from voila.app import Voila
from voila.execute import VoilaExecutor
from voila.utils import get_voila_labextensions_path
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from jupyter_server.base.handlers import FileFindHandler

from ..core.ipc import socket_folder
from .catalog import CATALOG, COURSE_DIR, entry
from .guard import ErrorPage, GuardedApplication, chinese_errors, template_env
from .handlers import AppPageHandler, GalleryHandler, LoginHandler, LogoutHandler, ShutdownHandler, TiaojieAuthorizer
from .identity import TiaojieIdentityProvider, is_loopback
from .lab import LAB_URL_ENV

STATIC = Path(__file__).parent / "static"
CELL_ERROR = "应用加载时出错，详情已记录在服务器日志中。请刷新页面重试；如仍出错，请联系培训师。"


def _chinese_cell_errors(self, cell):
    """Voilà's stripped cell error, in Chinese and without internals (its text is hard-coded English)."""
    if cell["cell_type"] == "code":
        for output in cell["outputs"]:
            if output["output_type"] == "error":
                output.update(ename="应用出错", evalue="", traceback=[CELL_ERROR])
    return cell


VoilaExecutor.strip_code_cell_errors = _chinese_cell_errors


class TiaojieVoila(Voila):
    name = "tiaojie-voila"
    allowed_hosts = List(Unicode(), config=True, help="host names accepted besides loopback names")
    secret_file = Unicode("", config=True, help="file keeping the cookie secret (logins survive restarts)")
    kernel_cap = Int(40, config=True)
    kernel_cap_per_user = Int(4, config=True)
    extra_apps = List(Unicode(), config=True, help="notebooks served besides the catalogue (benchmarks)")
    lab_url = Unicode("", config=True, help="the course in the JupyterLab started beside the apps (local mode)")

    def _load_secret(self) -> None:
        if not self.secret_file:
            return
        path = Path(self.secret_file)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(secrets.token_bytes(32))
            os.chmod(path, 0o600)
        self.cookie_secret = path.read_bytes()

    def init_settings(self) -> dict:
        self.identity_provider_class = TiaojieIdentityProvider
        self.authorizer_class = TiaojieAuthorizer
        self._load_secret()
        settings = super().init_settings()
        self.kernel_manager.max_kernels = self.kernel_cap
        self.kernel_manager.max_kernels_per_user = self.kernel_cap_per_user
        # Host checks are done for every handler by GuardedApplication, not per handler class.
        settings["allow_remote_access"] = True
        settings["jinja2_env"] = template_env()
        return settings

    def available_apps(self) -> list[str]:
        """Catalogued apps that are built, every built course page, and any extra (benchmark) page."""
        root = Path(self.root_dir)
        names = [a.name for a in CATALOG] + list(self.extra_apps)
        course = sorted(str(p.relative_to(root).with_suffix("")) for p in (root / COURSE_DIR).rglob("*.ipynb"))
        return [n for n in dict.fromkeys(names + course) if (root / f"{n}.ipynb").is_file()]

    def init_handlers(self) -> list:
        j = lambda path: url_path_join(self.server_url, path)  # noqa: E731
        apps = "|".join(re.escape(n) for n in self.available_apps()) or "(?!)"
        voila_conf = {"template_paths": self.template_paths, "config": self.config,
                      "voila_configuration": self.voila_configuration,
                      "extra_apps": [n for n in self.available_apps() if entry(n) is None]}
        handlers = [
            (j(r"/"), GalleryHandler, {"available": self.available_apps(), "lab_url": self.lab_url}),
            (j(rf"/voila/render/((?:{apps})\.ipynb)"), AppPageHandler, voila_conf),
            (j(r"/api/kernels/%s" % _kernel_id_regex), KernelHandler),
            (j(r"/api/kernels/%s/channels" % _kernel_id_regex), VoilaKernelWebsocketHandler),
            (j(r"/voila/api/shutdown/%s" % _kernel_id_regex), ShutdownHandler),
            (j(rf"/voila/templates/({self.voila_configuration.template}/static/.+)"), TemplateStaticFileHandler),
            (j(r"/voila/static/(.+)"), MultiStaticFileHandler, {"paths": self.static_paths}),
            (j(r"/voila/api/themes/(.*)"), ThemesHandler,
             {"themes_url": "/voila/api/themes", "path": self.themes_dir, "no_cache_paths": ["/"],
              "labextensions_path": get_voila_labextensions_path(self.voila_configuration.extra_labextensions_path)}),
            (j(r"/voila/labextensions/(.+)"), FileFindHandler,
             {"path": self.labextensions_path, "no_cache_paths": ["/"]}),
            (j(r"/tiaojie/static/([a-z_]+\.(?:svg|png))"), tornado.web.StaticFileHandler, {"path": str(STATIC)}),
        ]
        if self.identity_provider.login_available:
            handlers += [(j(r"/login"), LoginHandler), (j(r"/logout"), LogoutHandler)]
        handlers = [(pattern, chinese_errors(cls), *rest) for pattern, cls, *rest in handlers]
        return [*handlers, (j(r"/.*"), ErrorPage, {"status": 404})]

    def start(self):
        # kernels' sockets are named kernel-<uuid>-ipc-<port> in this folder (transport=ipc)
        self.connection_dir = socket_folder("voila_", len("kernel--ipc") + 36, self.connection_dir_root or None)
        settings = self.init_settings()
        # serve passes the link in the environment; taken out so that no kernel inherits the token
        self.lab_url = self.lab_url or os.environ.get(LAB_URL_ENV, "")
        os.environ.pop(LAB_URL_ENV, None)
        self.identity_provider.validate_security(self)
        hosts = list(self.allowed_hosts)
        if not is_loopback(self.ip) and self.ip not in ("", "0.0.0.0", "::"):
            hosts.append(self.ip)
        self.app = GuardedApplication(allowed_hosts=hosts, **settings)
        self.app.settings.update(self.tornado_settings)
        self.app.add_handlers(".*$", self.init_handlers())
        self.listen()


main = TiaojieVoila.launch_instance

if __name__ == "__main__":
    main()
