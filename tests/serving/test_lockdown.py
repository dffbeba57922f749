"""The served suite, probed as a hostile visitor would (real server, real HTTP), both ways:
what must be refused is refused with a Chinese page and nothing leaks; what must work works."""

from __future__ import annotations

import pytest

from serving_helpers import raw_get
from tiaojie.casebank import api

SECRETS_DIRS = ["", "voila/", "voila/files/", "voila/static/", "voila/templates/tiaojie/static/",
                "voila/labextensions/", "voila/api/themes/", "tiaojie/static/", "voila/render/", "files/",
                "voila/tree/", "api/contents/"]
TRAVERSALS = ["../", "%2e%2e/", "%2e%2e%2f", "..%2f", ".%2e/", "%252e%252e/", "..%5c", "..\\", "%2E%2E/", "./../"]
TARGETS = ["casebank/cases/banking/bnk-001.yaml", "voila_apps/roleplay.md", "_build/apps/roleplay.ipynb",
           "users.yaml", "data/roleplay.sqlite3", "data/gradebook.db", "data/cookie_secret", "etc/passwd"]


def _leaks(body: str, markers: list[str]) -> list[str]:
    return [m for m in markers if m in body]


@pytest.fixture(scope="module")
def markers(served):
    case = api.load(checks=False).get("bnk-001")
    (served.data_dir / "gradebook.db").write_text("GRADEBOOK-MARKER")
    return [case.trainer_notes[:20], "build_app(", "argon2", "SQLite format", "GRADEBOOK-MARKER",
            "root:x:0", "Traceback", "jupytext:"]


def test_path_tricks_reach_nothing(served, zhang, markers):
    cookie = "; ".join(f"{k}={v}" for k, v in zhang.http.cookies.items())
    tried = 0
    for prefix in SECRETS_DIRS:
        for trick in TRAVERSALS:
            for depth in (1, 3, 6):
                for target in TARGETS:
                    path = "/" + prefix + trick * depth + target
                    status, body, _ = raw_get(served.url, path, {"Cookie": cookie})
                    tried += 1
                    assert status in (400, 403, 404), (path, status)
                    assert not _leaks(body, markers), (path, _leaks(body, markers))
    assert tried > 900


def test_plain_paths_to_sources_and_data_are_not_served(served, zhang, markers):
    for path in ["voila/files/roleplay.ipynb", "voila/render/roleplay.md", "voila/tree", "api/kernels",
                 "api/contents", "voila/api/contents", "voila/templates/lab/static/voila.js", "login.html",
                 "voila/render/../apps/roleplay.ipynb", "api/sessions", "lab", "tree", "nbgrader"]:
        r = zhang.get(path)
        assert r.status_code == 404, (path, r.status_code)
        assert "页面不存在" in r.text and not _leaks(r.text, markers)


def test_error_pages_are_chinese_offline_and_without_internals(served):
    status, body, headers = raw_get(served.url, "/voila/templates/tiaojie/static/%2e%2e/%2e%2e/index.html.j2")
    assert status == 404 and "页面不存在" in body and '<html lang="zh-CN">' in body
    assert "http://" not in body and "https://" not in body and "Traceback" not in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_host_and_origin_are_checked(served):
    port = served.options.port
    for host in ("evil.example.com", f"evil.example.com:{port}", "127.0.0.1.evil.example.com", "10.0.0.5"):
        status, body, _ = raw_get(served.url, "/login", {"Host": host})
        assert status == 403 and "主机名" in body, host
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert raw_get(served.url, "/login", {"Host": host})[0] == 200, host
    status, body, _ = raw_get(served.url, "/login", {"Origin": "http://evil.example.com"})
    assert status == 403 and "其他网站" in body
    assert raw_get(served.url, "/login", {"Origin": served.url.rstrip("/")})[0] == 200


def test_theme_and_template_queries_change_nothing(served, zhang):
    evil = "?theme=%22%3E%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E&template=reveal"
    for query in (evil, "?template=lab&theme=dark"):
        r, kid = zhang.open_app("deadline_calculator", query)
        try:
            assert r.status_code == 200 and "pwned" not in r.text and "<script>window" not in r.text
            assert 'data-jp-theme-name="JupyterLab Light"' in r.text
            assert "reveal.js" not in r.text and "cdn.jsdelivr" not in r.text
            assert "<title>期限计算器</title>" in r.text and "tj-nav" in r.text
        finally:
            assert zhang.close_page(kid) == 204


def test_pages_need_a_login_and_unauthenticated_gets_start_no_kernel(served):
    import requests

    before = len(served.kernels())
    for _ in range(5):
        r = requests.get(served.url + "voila/render/roleplay.ipynb", allow_redirects=False, timeout=30)
        assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert len(served.kernels()) == before
    r = requests.get(served.url, timeout=30)
    assert r.url.endswith("/login?next=%2F") and "登录" in r.text and "姓名" in r.text


def test_wrong_password_is_refused_in_chinese(served):
    import requests

    s = requests.Session()
    s.get(served.url + "login")
    r = s.post(served.url + "login", data={"username": "张某", "password": "wrong", "_xsrf": s.cookies["_xsrf"]})
    assert r.status_code == 401 and "姓名或密码不正确" in r.text


def test_the_trainer_dashboard_is_for_trainers_only(served, zhang, wang):
    r, kid = zhang.open_app("trainer_dashboard")
    assert r.status_code == 403 and kid is None and "无权访问" in r.text
    assert 'href="/voila/render/trainer_dashboard.ipynb"' not in zhang.get("").text
    r, kid = wang.open_app("trainer_dashboard")
    try:
        assert r.status_code == 200 and kid
        assert 'href="/voila/render/trainer_dashboard.ipynb"' in wang.get("").text
    finally:
        assert wang.close_page(kid) == 204
