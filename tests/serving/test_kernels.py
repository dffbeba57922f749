"""Kernels on the served suite: page close shuts them (the beacon Voilà sends is accepted), only
their owner reaches them, and a per-user cap stops a burst with a Chinese message."""

from __future__ import annotations

import json
from pathlib import Path


def _connection(served, kid: str) -> dict:
    """The connection file the kernel process was started with."""
    for k in served.kernels():
        for part in k.cmdline():
            if kid in part and part.endswith(".json"):
                return json.loads(Path(part).read_text())
    raise AssertionError(f"no live kernel {kid}")


def test_page_close_beacon_shuts_the_kernel(served, zhang):
    r, kid = zhang.open_app("deadline_calculator")
    assert r.status_code == 200 and kid in served.kernel_ids()
    info = _connection(served, kid)                 # Unix sockets, no TCP port to race for
    assert info["transport"] == "ipc" and Path(f"{info['ip']}-{info['shell_port']}").is_socket()
    assert zhang.close_page(kid) == 204
    assert served.wait_gone(kid, timeout=60), "the kernel process outlived its page"


def test_shutdown_without_the_xsrf_value_is_refused(served, zhang):
    r, kid = zhang.open_app("deadline_calculator")
    try:
        assert zhang.close_page(kid, with_xsrf=False) == 403
        assert zhang.get(f"api/kernels/{kid}").status_code == 200      # still alive
    finally:
        assert zhang.close_page(kid) == 204


def test_only_the_owner_reaches_a_kernel(served, zhang, li):
    r, kid = zhang.open_app("deadline_calculator")
    try:
        assert zhang.get(f"api/kernels/{kid}").status_code == 200
        assert li.get(f"api/kernels/{kid}").status_code in (403, 404)
        assert li.close_page(kid) == 404
        ws = li.get(f"api/kernels/{kid}/channels", headers={"Connection": "Upgrade", "Upgrade": "websocket",
                                                           "Sec-WebSocket-Version": "13",
                                                           "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
        assert ws.status_code in (403, 404)
        assert zhang.get(f"api/kernels/{kid}").status_code == 200      # li's attempts did not kill it
    finally:
        assert zhang.close_page(kid) == 204


def test_per_user_cap_stops_a_burst_with_a_chinese_message(served, zhao, wang):
    li = zhao                                             # a trainee no other test uses
    cap = served.options.max_kernels_per_user
    kids = []
    try:
        for _ in range(cap):
            r, kid = li.open_app("deadline_calculator")
            assert r.status_code == 200
            kids.append(kid)
        r, kid = li.open_app("deadline_calculator")
        assert r.status_code == 503 and kid is None
        assert "每人上限" in r.text and "演练进度已自动保存" in r.text
        r, kid = wang.open_app("deadline_calculator")    # another user is not affected
        assert r.status_code == 200
        kids_wang = [kid]
    finally:
        for k in kids:
            assert li.close_page(k) == 204
    assert wang.close_page(kids_wang[0]) == 204
    r, kid = li.open_app("deadline_calculator")          # closing pages frees the slots
    assert r.status_code == 200 and li.close_page(kid) == 204
