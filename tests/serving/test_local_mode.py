"""`tiaojie serve` with no users file: one local user on loopback only; refusing to listen wider
without logins; a global kernel cap; an app that fails shows a Chinese message, no traceback."""

from __future__ import annotations

import shutil

import nbformat
import psutil
import pytest
import requests
from click.testing import CliRunner

from serving_helpers import Session
from tiaojie.cli.main import cli
from tiaojie.core.errors import ConfigError
from tiaojie.serving import process, server

BROKEN = "raise RuntimeError('secret internal detail: /srv/data/gradebook.db')"


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    root = tmp_path_factory.mktemp("local")
    apps = root / "apps"
    shutil.copytree(server.prepare().apps_dir, apps)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BROKEN)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, apps / "broken.ipynb")
    srv = process.ServerProcess(root / "data", server.ServeOptions(max_kernels=2, max_kernels_per_user=5),
                                apps_dir=apps, extra_argv=["--TiaojieVoila.extra_apps=broken"]).start()
    yield srv
    srv.stop()


def test_one_local_trainee_without_login_on_loopback_only(local):
    r = requests.get(local.url, timeout=60)
    assert r.status_code == 200 and "本机用户（学员）" in r.text and "退出登录" not in r.text
    assert requests.get(local.url + "login", timeout=30).status_code == 404
    listening = [c.laddr.ip for c in psutil.Process(local.proc.pid).net_connections("tcp") if c.status == "LISTEN"]
    assert listening and all(ip == "127.0.0.1" for ip in listening), listening


def test_a_failing_app_says_so_in_chinese_without_internals(local):
    session = Session(local.url)
    r, kid = session.open_app("broken")
    assert session.close_page(kid) == 204
    assert "应用加载时出错" in r.text
    assert "secret internal detail" not in r.text and "RuntimeError" not in r.text and "Traceback" not in r.text
    assert "There was an error" not in r.text


def test_global_cap_stops_a_burst_with_a_chinese_message(local):
    assert local.wait_kernels(at_most=0, timeout=60) == 0
    pages = [Session(local.url) for _ in range(3)]
    answers = [s.open_app("deadline_calculator") for s in pages]
    try:
        assert [r.status_code for r, _k in answers[:2]] == [200, 200]
        assert answers[2][0].status_code == 503 and "同时运行的应用已达上限" in answers[2][0].text
    finally:
        for s, (_r, kid) in zip(pages, answers):
            if kid:
                assert s.close_page(kid) == 204


def test_listening_wider_needs_logins_and_bad_users_files_name_the_field(tmp_path):
    with pytest.raises(ConfigError) as err:
        server.ServeOptions(ip="0.0.0.0").check()
    assert err.value.field == "listen"
    result = CliRunner().invoke(cli, ["serve", "--listen", "0.0.0.0"])
    assert result.exit_code != 0 and "--users" in result.output
    bad = tmp_path / "users.yaml"
    bad.write_text("users:\n  张某: {role: boss, password: 'argon2:x'}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        server.ServeOptions(users_file=bad).check()
    assert err.value.field == "users.张某.role" and "角色" in err.value.message
    bad.write_text("users:\n  张某: {role: trainee, password: plaintext}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        server.ServeOptions(users_file=bad).check()
    assert err.value.field == "users.张某.password"


def test_adduser_stores_only_a_hash(tmp_path):
    users = tmp_path / "users.yaml"
    result = CliRunner().invoke(cli, ["serve", "adduser", "钱某", "--role", "trainer", "--users", str(users),
                                      "--password-stdin"], input="s3cret-pw\n")
    assert result.exit_code == 0, result.output
    text = users.read_text(encoding="utf-8")
    assert "s3cret-pw" not in text and "argon2:" in text and "trainer" in text
    assert oct(users.stat().st_mode & 0o777) == "0o600"
