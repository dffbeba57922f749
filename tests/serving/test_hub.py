"""deploy/jupyterhub_config.py for real: JupyterHub 6 + configurable-http-proxy + a local spawner,
two trainees and a trainer (DummyAuthenticator), run as an image would run it.

- **Installed, not the checkout**: the hub, every user's server, its kernels and the formgrader
  service run from a fresh venv holding ``pip install --no-deps`` of this checkout
  (``installed_helpers``), with no ``PYTHONPATH`` and no ``TIAOJIE_*`` path pointing at the
  checkout; the apps were built by that installed copy (``tiaojie serve --build-only``). The
  kernels report where ``tiaojie`` and its content came from.
- **Who is who**: each user reaches the Voilà apps in their own server; a trainee's attempt is
  theirs alone; only the trainer reaches the formgrader service (and the trainer dashboard
  served there).
- **PostgreSQL gradebook**: the formgrader service gets ``TIAOJIE_HUB_GRADEBOOK_URL`` (a database
  that needs a password, which only the service receives); what the trainer does in formgrader
  lands in PostgreSQL's tables; a trainee's request is refused and a trainee's kernel has neither
  the password nor a way in.
- **Idle culler**: with the culler service's own token and role, jupyterhub-idle-culler stops the
  servers left idle at the end (the configured one runs every 300 s, too slow for a test).
- **Page close** (Chromium): leaving an app page shuts its kernel at once inside the user's server,
  also after a browser restart (``tiaojie.serving.voila_xsrf``).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from postgres_helpers import database_with_password, libpq_url
from process_helpers import stop
from serving_helpers import Session
from tiaojie.serving import process
from widget_client import WidgetClient, play_roleplay, run_async

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub_config.py"
CHECKOUT = Path(__file__).resolve().parents[2]
PASSWORD = "hub-test-pw"
CULLER_TOKEN = "culler-test-token-5f1c9a"
GRADEBOOK_PASSWORD = "gradebook-pw-7"
TRAINEES, TRAINERS = ["zhang", "li"], ["wang"]


class HubSession(Session):
    """A user logged in at the hub; ``base`` is their own server's URL."""

    def __init__(self, hub: str, name: str):
        super().__init__(f"{hub}user/{name}/")
        self.hub, self.name = hub, name

    def login(self, name: str = "", password: str = PASSWORD) -> "HubSession":
        self.http.get(self.hub + "hub/login")
        r = self.http.post(self.hub + "hub/login", data={"username": self.name, "password": password,
                                                        "_xsrf": self.http.cookies.get("_xsrf", "")})
        assert r.status_code == 200, r.status_code
        deadline = time.monotonic() + 240
        while True:      # the hub spawns the server on first visit; its OAuth sets the server's cookie
            r = self.http.get(self.base + "lab", timeout=60)
            if r.status_code == 200 and r.url.startswith(self.base):
                return self
            assert time.monotonic() < deadline, f"{self.name}'s server did not start: {r.status_code} {r.url}"
            time.sleep(1)


@pytest.fixture(scope="module")
def gradebook(postgres):
    """A gradebook database that only its password opens; (URL without the password, password)."""
    return database_with_password(postgres, "gradebook", "formgrader", GRADEBOOK_PASSWORD), GRADEBOOK_PASSWORD


def _build_apps(installed, root: Path, env: dict) -> tuple[Path, Path]:
    """Build the apps with the installed copy, as an image build would; (content folder, share dir)."""
    out = installed.run(root, "serve", "--build-only", env=env)
    assert "built" in out, out
    build = Path(env["TIAOJIE_DATA"]) / "_build"
    content = root / "content"
    shutil.copytree(build / "apps", content / "apps")
    return content, build / "share" / "jupyter"


@pytest.fixture(scope="module")
def hub_root(tmp_path_factory):
    """The hub's folder: state, data directory, the content it serves (``content/course`` for nbgrader)."""
    return tmp_path_factory.mktemp("hub")


@pytest.fixture(scope="module")
def hub(hub_root, installed_package, gradebook):
    if not shutil.which("configurable-http-proxy"):
        pytest.fail("configurable-http-proxy not found: npm install -g configurable-http-proxy (./run.sh test does)")
    root = hub_root
    env = installed_package.env(TIAOJIE_DATA=str(root / "data"))   # nothing points at the checkout
    content, share = _build_apps(installed_package, root, env)
    port = process.free_port()
    others = {f"TIAOJIE_HUB_{k}_PORT": str(process.free_port()) for k in ("API", "PROXY_API", "FORMGRADER")}
    env.update(TIAOJIE_HUB_ROOT=str(root / "state"), TIAOJIE_HUB_CONTENT=str(content), TIAOJIE_HUB_SHARE=str(share),
               TIAOJIE_HUB_TRAINERS=",".join(TRAINERS), TIAOJIE_HUB_TRAINEES=",".join(TRAINEES),
               TIAOJIE_HUB_AUTH="dummy", TIAOJIE_HUB_PASSWORD=PASSWORD, TIAOJIE_HUB_PORT=str(port),
               TIAOJIE_HUB_GRADEBOOK_URL=gradebook[0], TIAOJIE_HUB_GRADEBOOK_PASSWORD=gradebook[1],
               TIAOJIE_HUB_CULLER_TOKEN=CULLER_TOKEN, **others)
    log = (root / "hub.log").open("w")
    proc = subprocess.Popen([str(installed_package.python), "-m", "jupyterhub", "-f", str(CONFIG)], cwd=root,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            if requests.get(url + "hub/health", timeout=5).status_code == 200:
                break
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"JupyterHub did not start; see {log.name}")
        time.sleep(0.5)
    yield url, others["TIAOJIE_HUB_API_PORT"]
    stop(proc, grace=30)
    log.close()


async def _client(session: Session, name: str, app: str, query: str = "") -> WidgetClient:
    client = WidgetClient(session.base, name, PASSWORD, session=session)
    await client.open(app, query)
    return client


PROVENANCE = {"file": "__import__('tiaojie').__file__",
              "content": "str(__import__('tiaojie.core.settings').core.settings.get_settings().content_root)",
              "python": "__import__('sys').executable",
              "pythonpath": "__import__('os').environ.get('PYTHONPATH', '')",
              "secrets": "sorted(k for k in __import__('os').environ if k.startswith('PG') or 'GRADEBOOK' in k)",
              "apps_url": "__import__('tiaojie.core.settings').core.settings.get_settings().apps_url"}
TRY_GRADEBOOK = """
try:
    import psycopg
    psycopg.connect({url!r}, connect_timeout=10).close()
    _tj_probe = "connected"
except Exception as exc:
    _tj_probe = type(exc).__name__ + ": " + str(exc)
"""


async def _scenario(zhang: "HubSession", li: "HubSession", gradebook_url: str) -> dict:
    z = await _client(zhang, "zhang", "apps/roleplay", "?case=bnk-001")
    played = await play_roleplay(z, 2)
    out = {"played": played, "z_history": z.value("tj-history-box"), "z_who": z.value("tj-who-box"),
           "z_kernel": await z.evaluate(TRY_GRADEBOOK.format(url=libpq_url(gradebook_url)),
                                        probe="_tj_probe", **PROVENANCE)}
    await z.close()
    other = await _client(li, "li", "apps/roleplay")
    out.update(li_history=other.value("tj-history-box"), li_who=other.value("tj-who-box"))
    await other.close()
    return out


async def _service_kernel(trainer: Session) -> dict:
    """Where the formgrader service's kernels import tiaojie from (the trainer dashboard runs there)."""
    d = await _client(trainer, "wang", "apps/trainer_dashboard")
    try:
        return await d.evaluate(**PROVENANCE)
    finally:
        await d.close()


def _assert_installed(kernel: dict, installed) -> None:
    """The kernel (and so its server) imported the installed copy, with its content, not the checkout."""
    assert Path(kernel["file"]) == installed.package_dir / "__init__.py"
    assert Path(kernel["content"]) == installed.package_dir / "_content"
    assert not Path(kernel["file"]).is_relative_to(CHECKOUT) and not Path(kernel["content"]).is_relative_to(CHECKOUT)
    assert Path(kernel["python"]).parent == installed.python.parent
    assert kernel["pythonpath"] == ""


def _servers(root: Path) -> dict[str, tuple[str, dict]]:
    """The hub's Jupyter Servers (users' and formgrader), by working folder: (interpreter, environment)."""
    import psutil

    found = {}
    for proc in psutil.process_iter(["cmdline", "cwd"]):
        cmd, cwd = proc.info["cmdline"] or [], proc.info["cwd"] or ""
        if "jupyterhub.singleuser" in cmd and Path(cwd).is_relative_to(root):
            found[Path(cwd).name] = (cmd[0], proc.environ())
    return found


def _formgrader(session: "HubSession", method: str, path: str, body: dict) -> requests.Response:
    svc = session.hub + "services/formgrader/"
    xsrf = [c.value for c in session.http.cookies if c.name == "_xsrf" and c.path == "/services/formgrader/"]
    return session.http.request(method, svc + path, json=body, timeout=120,
                                headers={"X-XSRFToken": xsrf[0] if xsrf else "", "Origin": session.hub.rstrip("/")})


def _gradebook_rows(url: str) -> tuple[set, set]:
    """(course id, assignment name) pairs and student ids in the PostgreSQL gradebook."""
    import psycopg

    with psycopg.connect(libpq_url(url), password=GRADEBOOK_PASSWORD) as db:
        return ({tuple(r) for r in db.execute("SELECT course_id, name FROM assignment")},
                {r[0] for r in db.execute("SELECT id FROM student")})


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_class_on_jupyterhub(hub, hub_root, installed_package, gradebook):
    hub = hub[0]
    zhang, li, wang = (HubSession(hub, n).login() for n in ("zhang", "li", "wang"))
    for s in (zhang, li, wang):                       # every user reaches the apps in their own server
        r = s.get("voila/render/apps/deadline_calculator.ipynb", timeout=300)
        assert r.status_code == 200 and "期限计算器" in r.content.decode("utf-8")
    servers = _servers(hub_root)                      # the servers themselves run the venv's python
    assert set(servers) == {"zhang", "li", "wang", "course"}, servers.keys()
    for python, environ in servers.values():
        assert Path(python) == installed_package.python and "PYTHONPATH" not in environ
    result = run_async(_scenario(zhang, li, gradebook[0]))
    assert result["played"] == 2
    assert "zhang" in result["z_who"] and "学员" in result["z_who"]
    assert "bnk-001" in result["z_history"]
    assert "li" in result["li_who"] and "暂无演练记录" in result["li_history"]   # zhang's attempt is his alone
    _assert_installed(result["z_kernel"], installed_package)
    # the course's app links lead into the user's own server (where the hub keeps the built apps)
    apps_url = result["z_kernel"]["apps_url"]
    assert apps_url == "/user/zhang/voila/render/apps"
    r = zhang.http.get(hub.rstrip("/") + apps_url + "/roleplay.ipynb?case=bnk-001", timeout=300)
    assert r.status_code == 200 and "情景演练" in r.content.decode("utf-8")
    # the gradebook's password is not in a trainee's server, so the database refuses the trainee
    assert result["z_kernel"]["secrets"] == []
    assert "password" in result["z_kernel"]["probe"], result["z_kernel"]["probe"]
    # nobody reaches another user's server
    r = li.http.get(hub + "user/zhang/api/status", timeout=60)
    assert not (r.status_code == 200 and r.url.startswith(hub + "user/zhang/"))
    # only the trainer reaches formgrader (and the dashboard served beside it)
    r = wang.http.get(hub + "services/formgrader/formgrader", timeout=300)
    assert r.status_code == 200 and r.url.startswith(hub + "services/formgrader/")
    for trainee in (zhang, li):
        r = trainee.http.get(hub + "services/formgrader/formgrader", timeout=120)
        assert r.status_code == 403, (r.status_code, r.url)
        r = trainee.http.get(hub + "services/formgrader/voila/render/apps/casebank_explorer.ipynb", timeout=120)
        assert r.status_code == 403
    service = Session(hub + "services/formgrader/")
    service.http = wang.http
    _assert_installed(run_async(_service_kernel(service)), installed_package)
    _check_gradebook(zhang, wang, gradebook[0])
    assert not list((hub_root / "content" / "course").glob("*.db"))     # nothing went to SQLite


def _check_gradebook(trainee: "HubSession", trainer: "HubSession", url: str) -> None:
    """What the trainer does in formgrader lands in PostgreSQL; a trainee's attempt is refused."""
    r = _formgrader(trainer, "PUT", "formgrader/api/assignment/hub-check", {})
    assert r.status_code == 200 and r.json()["name"] == "hub-check", (r.status_code, r.text[:300])
    r = _formgrader(trainer, "PUT", "formgrader/api/student/zhang", {"first_name": "某", "last_name": "张"})
    assert r.status_code == 200, r.status_code
    r = _formgrader(trainee, "PUT", "formgrader/api/student/intruder", {"first_name": "某", "last_name": "冒"})
    assert r.status_code == 403
    assignments, students = _gradebook_rows(url)
    assert ("tiaojie", "hub-check") in assignments and "zhang" in students and "intruder" not in students
    listed = trainer.http.get(trainer.hub + "services/formgrader/formgrader/api/assignments", timeout=60).json()
    assert "hub-check" in {a["name"] for a in listed}


APP_READY = ".widget-button, .jupyter-button, .widget-dropdown"


def _kernels(ctx, hub: str, user: str) -> set[str]:
    """The user's live kernels, asked with the browser's own cookies (GET /user/<name>/api/kernels)."""
    r = ctx.request.get(f"{hub}user/{user}/api/kernels")
    assert r.status == 200, r.status
    return {k["id"] for k in r.json()}


def _gone(ctx, hub: str, user: str, kernel: str, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while kernel in _kernels(ctx, hub, user):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)
    return True


def _open(page, url: str) -> str:
    page.goto(url, timeout=180_000)
    page.wait_for_selector(APP_READY, timeout=120_000)
    assert "期限计算器" in page.content()
    return page.eval_on_selector("#jupyter-config-data", "e => JSON.parse(e.textContent).kernelId")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(600)
def test_page_close_shuts_the_kernel_under_the_hub(hub, chromium_browser):
    """Voilà runs inside li's own Jupyter Server here; leaving a page the way Chromium does (its
    ``beforeunload`` beacon) shuts the page's kernel at once — also after a browser restart, when
    only the persistent login cookie is left (tiaojie.serving.voila_xsrf)."""
    hub = hub[0]
    app = hub + "user/li/voila/render/apps/deadline_calculator.ipynb"
    ctx = chromium_browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(hub + "hub/login")
        page.fill("input[name=username]", "li")
        page.fill("input[name=password]", PASSWORD)
        page.click("[type=submit]")
        page.wait_for_url("**/user/li/**", timeout=240_000, wait_until="commit")
        before = _kernels(ctx, hub, "li")                 # e.g. left by the plain GETs of the other test
        # control: a tab closed without running beforeunload sends no beacon, and its kernel stays
        kept = _open(page, app)
        page.close(run_before_unload=False)
        time.sleep(3)
        assert kept in _kernels(ctx, hub, "li")
        page = ctx.new_page()
        first = _open(page, app)
        second = _open(page, app)                        # reload: the first page's beacon
        assert second != first and _gone(ctx, hub, "li", first), "the reloaded page's kernel outlived it"
        page.close(run_before_unload=True)               # closing the tab: its beacon
        assert _gone(ctx, hub, "li", second), "the closed page's kernel outlived it"
        # the browser restarts: its session cookies (_xsrf among them) are gone, the login stays
        persistent = [c for c in ctx.cookies() if c["expires"] != -1]
        ctx.clear_cookies()
        ctx.add_cookies(persistent)
        assert "_xsrf" not in {c["name"] for c in ctx.cookies()}
        page = ctx.new_page()
        third = _open(page, app)                         # the widgets came: the page set _xsrf itself
        page.close(run_before_unload=True)
        assert _gone(ctx, hub, "li", third), "after a browser restart the closed page's kernel outlived it"
        assert _kernels(ctx, hub, "li") == before | {kept}
    finally:
        ctx.close()


def _running(api: str, user: str) -> bool:
    r = requests.get(f"{api}users/{user}", headers={"Authorization": f"token {CULLER_TOKEN}"}, timeout=30)
    assert r.status_code == 200, (r.status_code, r.text[:200])   # the culler's role may read servers
    return bool(r.json().get("servers"))


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_idle_servers_are_culled(hub, installed_package, tmp_path):
    """A culler run as the configured idle-culler service (its token, its role's scopes) with a
    short timeout stops the servers nobody uses (the tests above leave them idle)."""
    url, api_port = hub
    api = f"http://127.0.0.1:{api_port}/hub/api/"
    users = ("zhang",)
    HubSession(url, "zhang").login()                            # his server runs (spawned if culled before)
    assert _running(api, "zhang")
    env = installed_package.env(JUPYTERHUB_API_TOKEN=CULLER_TOKEN)
    log = tmp_path / "culler.log"
    with log.open("w") as out:
        culler = subprocess.Popen([str(installed_package.python), "-m", "jupyterhub_idle_culler", f"--url={api.rstrip('/')}",
                                   "--timeout=5", "--cull-every=2"], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while any(_running(api, u) for u in users):
            assert culler.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "idle servers were not culled within 120 s:\n" + log.read_text()[-3000:]
            time.sleep(2)
    finally:
        culler.terminate()
        culler.wait(timeout=30)
