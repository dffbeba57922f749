"""deploy/jupyterhub_config.py for real: JupyterHub 6 + configurable-http-proxy + a local spawner,
two trainees and a trainer (DummyAuthenticator). Each reaches the Voilà apps in their own server;
a trainee's attempt is theirs alone; only the trainer reaches the formgrader service (where the
trainer dashboard is served too)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from serving_helpers import Session
from tiaojie.core.settings import get_settings
from tiaojie.serving import process, server
from widget_client import WidgetClient, play_roleplay, run_async

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub_config.py"
PASSWORD = "hub-test-pw"
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
def hub(tmp_path_factory):
    if not shutil.which("configurable-http-proxy"):
        pytest.fail("configurable-http-proxy not found: npm install -g configurable-http-proxy (./run.sh test does)")
    root = tmp_path_factory.mktemp("hub")
    prepared = server.prepare()
    content = root / "content"
    shutil.copytree(prepared.apps_dir, content / "apps")
    port = process.free_port()
    others = {f"TIAOJIE_HUB_{k}_PORT": str(process.free_port()) for k in ("API", "PROXY_API", "FORMGRADER")}
    env = get_settings().child_env()
    env.update(TIAOJIE_HUB_ROOT=str(root / "state"), TIAOJIE_HUB_CONTENT=str(content),
               TIAOJIE_HUB_SHARE=str(prepared.share_dir), TIAOJIE_DATA=str(root / "data"),
               TIAOJIE_HUB_TRAINERS=",".join(TRAINERS), TIAOJIE_HUB_TRAINEES=",".join(TRAINEES),
               TIAOJIE_HUB_AUTH="dummy", TIAOJIE_HUB_PASSWORD=PASSWORD, TIAOJIE_HUB_PORT=str(port), **others,
               PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH")])))
    log = (root / "hub.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=root, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
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
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


async def _client(session: HubSession, app: str, query: str = "") -> WidgetClient:
    client = WidgetClient(session.base, session.name, PASSWORD, session=session)
    await client.open(app, query)
    return client


async def _scenario(zhang: HubSession, li: HubSession) -> dict:
    z = await _client(zhang, "apps/roleplay", "?case=bnk-001")
    played = await play_roleplay(z, 2)
    z_history = z.value("tj-history-box")
    z_who = z.value("tj-who-box")
    await z.close()
    other = await _client(li, "apps/roleplay")
    out = {"played": played, "z_history": z_history, "z_who": z_who,
           "li_history": other.value("tj-history-box"), "li_who": other.value("tj-who-box")}
    await other.close()
    return out


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_class_on_jupyterhub(hub):
    zhang, li, wang = (HubSession(hub, n).login() for n in ("zhang", "li", "wang"))
    for s in (zhang, li, wang):                       # every user reaches the apps in their own server
        r = s.get("voila/render/apps/deadline_calculator.ipynb", timeout=300)
        assert r.status_code == 200 and "期限计算器" in r.content.decode("utf-8")
    result = run_async(_scenario(zhang, li))
    assert result["played"] == 2
    assert "zhang" in result["z_who"] and "学员" in result["z_who"]
    assert "bnk-001" in result["z_history"]
    assert "li" in result["li_who"] and "暂无演练记录" in result["li_history"]   # zhang's attempt is his alone
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
