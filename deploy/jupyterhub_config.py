r"""JupyterHub for a class on one server: the course in JupyterLab, the Voilà apps, formgrader and the
trainer dashboard for trainers only, an idle culler.

    pip install .                                   # non-editable, as in an image
    TIAOJIE_DATA=/srv/tiaojie-data tiaojie serve --build-only     # apps + offline template in _build/
    mkdir -p /srv/tiaojie-hub/content && cp -r /srv/tiaojie-data/_build/apps /srv/tiaojie-hub/content/
    TIAOJIE_HUB_ROOT=/srv/tiaojie-hub TIAOJIE_DATA=/srv/tiaojie-data \
        TIAOJIE_HUB_SHARE=/srv/tiaojie-data/_build/share/jupyter python -m jupyterhub -f jupyterhub_config.py

Run the hub with the Python of the environment where tiaojie is installed: the users' servers, their
kernels, formgrader and the idle culler are started with that interpreter (``sys.executable``). The
test does exactly this with a fresh venv holding ``pip install --no-deps`` of the checkout and no
``PYTHONPATH``, and checks that kernels import the installed copy and its ``tiaojie/_content``.

Everything is set from environment variables so the same file serves the test (tests/serving/
test_hub.py) and a training centre:

- ``TIAOJIE_HUB_ROOT``      hub state: its database, cookie secret, user homes (required)
- ``TIAOJIE_HUB_CONTENT``   folder the single-user servers open: ``apps/`` (built Voilà apps,
                            ``tiaojie serve --build-only``) and ``curriculum/``
- ``TIAOJIE_HUB_SHARE``     the built offline Voilà template folder (``<build>/share/jupyter``)
- ``TIAOJIE_HUB_COURSE``    nbgrader course directory for formgrader (default: ``<content>/course``;
                            nbgrader needs it inside the server's root)
- ``TIAOJIE_DATA``          the shared tiaojie data directory (attempts, records)
- ``TIAOJIE_HUB_TRAINERS``  comma-separated trainer user names; ``TIAOJIE_HUB_TRAINEES`` trainees
- ``TIAOJIE_HUB_AUTH``      ``native`` (default: jupyterhub-nativeauthenticator, trainees sign up,
                            an admin approves), ``pam`` (system accounts) or ``dummy`` (tests only:
                            every listed user with ``TIAOJIE_HUB_PASSWORD``)
- ``TIAOJIE_HUB_GRADEBOOK_URL``  formgrader's gradebook, e.g. ``postgresql+psycopg://formgrader@db/gradebook``
                            (default: nbgrader's SQLite file in the course); no password in it (it is on
                            a command line every local user can read): ``TIAOJIE_HUB_GRADEBOOK_PASSWORD``
                            reaches only the formgrader service, as libpq's ``PGPASSWORD``. A course
                            ``nbgrader_config.py`` is read after the command line and wins: build the
                            course with the same URL (``tiaojie course --db-url URL build``)
- ``TIAOJIE_HUB_PORT``      proxy port on 127.0.0.1 (default 8000; put HTTPS in front for a class);
                            ``TIAOJIE_HUB_API_PORT``, ``TIAOJIE_HUB_PROXY_API_PORT``,
                            ``TIAOJIE_HUB_FORMGRADER_PORT`` (default: the next three ports)
- ``TIAOJIE_HUB_CULL_TIMEOUT``, ``TIAOJIE_HUB_CULL_EVERY``  the idle culler: stop a user's server
                            idle this many seconds (1800), checked this often (300)
- ``TIAOJIE_HUB_CULLER_TOKEN`` the culler service's API token (default: the hub makes one)

Who is who: the single-user server of user *u* runs with ``JUPYTERHUB_USER=u`` and, from the
spawn hook below, ``TIAOJIE_ROLE`` = ``trainer`` for members of the ``trainers`` group and
``trainee`` otherwise; the apps read both (``tiaojie.apps.viewer``). Formgrader and the trainer
dashboard run in the ``formgrader`` service, which only the ``trainers`` group may access
(``access:services!service=formgrader``).

Voilà runs inside each user's server as a Jupyter Server extension; ``tiaojie.serving.voila_xsrf``
(enabled below) makes its pages set the ``_xsrf`` cookie, without which a page opened after a browser
restart gets no widgets and its kernel outlives the page (the hub test closes pages in Chromium).

On one machine with ``SimpleLocalProcessSpawner`` every user's server runs as the hub's own OS
user: fine for a test, not isolation. For a class use ``LocalProcessSpawner`` with one system
account per user (``TIAOJIE_HUB_SPAWNER=local``) or KubeSpawner (docs/serving.md).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 — provided by JupyterHub when it loads this file

ROOT = Path(os.environ["TIAOJIE_HUB_ROOT"]).absolute()
CONTENT = Path(os.environ.get("TIAOJIE_HUB_CONTENT", ROOT / "content")).absolute()
COURSE = Path(os.environ.get("TIAOJIE_HUB_COURSE", CONTENT / "course")).absolute()   # inside the served root (nbgrader)
PORT = int(os.environ.get("TIAOJIE_HUB_PORT", "8000"))
TRAINERS = [u for u in os.environ.get("TIAOJIE_HUB_TRAINERS", "").split(",") if u]
TRAINEES = [u for u in os.environ.get("TIAOJIE_HUB_TRAINEES", "").split(",") if u]
AUTH = os.environ.get("TIAOJIE_HUB_AUTH", "native")
PY = sys.executable
ROOT.mkdir(parents=True, exist_ok=True)

# -- the hub itself: loopback only; a reverse proxy with HTTPS goes in front for a class ---------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("TIAOJIE_HUB_API_PORT", PORT + 1))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('TIAOJIE_HUB_PROXY_API_PORT', PORT + 2))}"
c.JupyterHub.db_url = f"sqlite:///{ROOT / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(ROOT / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(ROOT / "proxy.pid")
c.JupyterHub.cleanup_servers = True

# -- who may log in ------------------------------------------------------------------------------
if AUTH == "dummy":
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = os.environ["TIAOJIE_HUB_PASSWORD"]
elif AUTH == "pam":
    c.JupyterHub.authenticator_class = "pam"
else:
    c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
c.Authenticator.allowed_users = set(TRAINERS) | set(TRAINEES)
c.Authenticator.admin_users = set(os.environ.get("TIAOJIE_HUB_ADMINS", "").split(",")) - {""}
c.JupyterHub.load_groups = {"trainers": {"users": TRAINERS}, "trainees": {"users": TRAINEES}}

# -- each user's server: JupyterLab (Chinese) for the course, Voilà for the apps -----------------
if os.environ.get("TIAOJIE_HUB_SPAWNER", "simple") == "simple":
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(ROOT / "homes" / "{username}")
else:
    c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [PY, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = str(CONTENT)
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180

VOILA_ARGS = [
    # Voilà pages set the _xsrf cookie (page-close shutdown; widgets after a browser restart)
    "--ServerApp.jpserver_extensions=tiaojie.serving.voila_xsrf=True",
    "--VoilaConfiguration.template=tiaojie",              # the offline template (no CDN)
    "--VoilaConfiguration.allow_theme_override=NO",       # no ?theme= injection
    "--VoilaConfiguration.allow_template_override=NO",    # no ?template= switch to CDN templates
    "--VoilaConfiguration.show_tracebacks=False",
    "--VoilaExporter.language_code=zh",
    "--MappingKernelManager.cull_idle_timeout=600",       # kernels of closed pages go after 10 min
    "--MappingKernelManager.cull_interval=60",
]
# CI and containers run everything as root; Jupyter Server refuses that unless told
ROOT_ARGS = ["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []
c.Spawner.args = VOILA_ARGS + ROOT_ARGS
SHARED_ENV = {k: os.environ[k] for k in ("TIAOJIE_DATA", "TIAOJIE_CONFIG", "TIAOJIE_CASEBANK", "TIAOJIE_CONTENT")
              if os.environ.get(k)}
if os.environ.get("TIAOJIE_HUB_SHARE"):
    SHARED_ENV["JUPYTER_PATH"] = os.environ["TIAOJIE_HUB_SHARE"]
c.Spawner.environment = dict(SHARED_ENV)


def role_hook(spawner):
    """Tell the apps the user's role: trainer for the trainers group, trainee otherwise."""
    groups = {g.name for g in spawner.user.groups}
    spawner.environment["TIAOJIE_ROLE"] = "trainer" if "trainers" in groups else "trainee"


c.Spawner.pre_spawn_hook = role_hook

# -- services: formgrader + trainer dashboard (trainers only), idle culler -----------------------
FORMGRADER_PORT = int(os.environ.get("TIAOJIE_HUB_FORMGRADER_PORT", PORT + 3))
COURSE.mkdir(parents=True, exist_ok=True)
# the course id tiaojie's course build writes (tiaojie.grading.paths.COURSE_ID); nbgrader's default ""
# creates no course row, which PostgreSQL's foreign keys then refuse (SQLite does not check them)
COURSE_ID = "tiaojie"


def gradebook() -> "tuple[list[str], dict[str, str]]":
    """Formgrader's gradebook: PostgreSQL when a URL is given, else nbgrader's SQLite file in the course.

    The URL goes on the service's command line, which every local user can read (/proc/*/cmdline),
    so it must not carry a password; the password reaches only the service, as libpq's PGPASSWORD.
    """
    url = os.environ.get("TIAOJIE_HUB_GRADEBOOK_URL", "")
    if not url:
        return [], {}
    if "@" in url and ":" in url.split("://", 1)[-1].split("@", 1)[0]:
        raise ValueError("TIAOJIE_HUB_GRADEBOOK_URL must not contain a password: "
                         "set TIAOJIE_HUB_GRADEBOOK_PASSWORD instead")
    password = os.environ.get("TIAOJIE_HUB_GRADEBOOK_PASSWORD", "")
    return [f"--CourseDirectory.db_url={url}"], ({"PGPASSWORD": password} if password else {})


GRADEBOOK_ARGS, GRADEBOOK_ENV = gradebook()


def idle_culler() -> dict:
    """jupyterhub-idle-culler as a hub service: a server idle for ``TIAOJIE_HUB_CULL_TIMEOUT``
    seconds (default 1800) is stopped, checked every ``TIAOJIE_HUB_CULL_EVERY`` (default 300).
    ``TIAOJIE_HUB_CULLER_TOKEN`` fixes the service's API token (the test drives a culler with it)."""
    timeout = int(os.environ.get("TIAOJIE_HUB_CULL_TIMEOUT", "1800"))
    every = int(os.environ.get("TIAOJIE_HUB_CULL_EVERY", "300"))
    service = {"name": "idle-culler",
               "command": [PY, "-m", "jupyterhub_idle_culler", f"--timeout={timeout}", f"--cull-every={every}"]}
    if os.environ.get("TIAOJIE_HUB_CULLER_TOKEN"):
        service["api_token"] = os.environ["TIAOJIE_HUB_CULLER_TOKEN"]
    return service
c.JupyterHub.services = [
    {
        "name": "formgrader",
        "url": f"http://127.0.0.1:{FORMGRADER_PORT}",
        "command": [PY, "-m", "jupyterhub.singleuser", f"--ServerApp.root_dir={CONTENT}",
                    f"--CourseDirectory.root={COURSE}", f"--CourseDirectory.course_id={COURSE_ID}",
                    *GRADEBOOK_ARGS, *VOILA_ARGS, *ROOT_ARGS],
        "cwd": str(COURSE),
        "environment": {**SHARED_ENV, **GRADEBOOK_ENV, "TIAOJIE_ROLE": "trainer"},
        "oauth_no_confirm": True,
    },
    idle_culler(),
]
c.JupyterHub.load_roles = [
    {"name": "trainer-services", "groups": ["trainers"], "scopes": ["access:services!service=formgrader"]},
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
]
