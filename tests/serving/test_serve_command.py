"""`tiaojie serve` exactly as a user runs it: the gallery, and the course in a JupyterLab it starts
beside the apps (local mode), linked from the gallery with its token; stopping serve stops both."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import psutil
import pytest
import requests

from process_helpers import stop, wait_until_up
from tiaojie.core.settings import get_settings
from tiaojie.serving.process import free_port


@pytest.fixture(scope="module")
def served_by_command(tmp_path_factory):
    settings = get_settings()            # the session's data directory: its built apps are reused
    data = settings.ensure_data_dir()
    port, lab_port = free_port(), free_port()
    env = settings.child_env()
    log = (tmp_path_factory.mktemp("serve-cmd") / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "tiaojie.cli", "serve", f"--port={port}", f"--lab-port={lab_port}"],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_until_up(proc, f"http://127.0.0.1:{port}/", log.name, "tiaojie serve", timeout=180)
    try:
        yield proc, port, lab_port, data
    finally:
        stop(proc)
        log.close()


def _gallery_as(uid: int, port: int) -> str:
    """The gallery as a browser run by another OS user sees it: a forked child drops to ``uid`` and
    sends a plain HTTP request over a raw socket (no name lookup or import after the fork, which
    could wait on a lock another thread of this process held)."""
    import socket

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as conn:
                conn.settimeout(60)
                conn.connect(("127.0.0.1", port))
                conn.sendall(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                while chunk := conn.recv(65536):
                    os.write(write, chunk)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        page = fh.read().decode("utf-8", errors="replace")
    os.waitpid(pid, 0)
    return page


def _lab_link(port: int) -> str:
    page = requests.get(f"http://127.0.0.1:{port}/", timeout=60).text
    found = re.search(r'data-app="jupyterlab">\s*<a href="([^"]+)"', page)
    assert found, "the gallery has no JupyterLab card"
    return found.group(1).replace("&amp;", "&")


@pytest.mark.slow
def test_serve_links_the_course_in_its_own_jupyterlab_and_stops_it(served_by_command):
    proc, port, lab_port, data = served_by_command
    link = _lab_link(port)
    assert link.startswith(f"http://127.0.0.1:{lab_port}/lab/tree/curriculum/home.md?token=")
    token = link.split("token=")[1]
    if os.geteuid() == 0:   # another local user's browser gets the card without the link or the token
        other = _gallery_as(65534, port)
        assert 'data-app="jupyterlab"' in other and "启动窗口中打印的地址" in other
        assert token not in other and f":{lab_port}/" not in other
    deadline = time.monotonic() + 120
    while True:   # JupyterLab may still be starting when the gallery already answers
        try:
            page = requests.get(link, timeout=30)
            break
        except requests.ConnectionError:
            assert time.monotonic() < deadline, (data / "serving" / "jupyterlab.log").read_text()[-2000:]
            time.sleep(0.5)
    assert page.status_code == 200 and "JupyterLab" in page.text
    contents = f"http://127.0.0.1:{lab_port}/api/contents/curriculum/home.md"
    assert requests.get(contents, timeout=30).status_code == 403             # the token is needed
    assert requests.get(contents, params={"token": token}, timeout=30).status_code == 200
    children = psutil.Process(proc.pid).children(recursive=True)
    lab = [p for p in children if any(part == "lab" or part.endswith("jupyter-lab") for part in p.cmdline())]
    assert len(lab) == 1
    assert not [p for p in children if any(token in part for part in p.cmdline())]   # not readable by others
    app = requests.get(f"http://127.0.0.1:{port}/voila/render/deadline_calculator.ipynb", timeout=120)
    assert app.status_code == 200
    kernels = [p for p in psutil.Process(proc.pid).children(recursive=True) if "ipykernel_launcher" in p.cmdline()]
    assert kernels and all(token not in " ".join(k.environ().values()) for k in kernels)   # nor by app kernels
    listening = [c.laddr.ip for c in lab[0].net_connections("tcp") if c.status == "LISTEN"]
    assert listening and all(ip == "127.0.0.1" for ip in listening), listening
    children = psutil.Process(proc.pid).children(recursive=True)
    os.kill(proc.pid, signal.SIGTERM)                                        # as a service manager stops it
    assert proc.wait(timeout=60) == 0
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, [p.cmdline() for p in alive]


def test_a_taken_lab_port_is_reported_and_no_lab_is_started(capsys):
    import socket

    from tiaojie.serving.lab import start_companion_lab

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        proc, url = start_companion_lab(taken.getsockname()[1], False, get_settings())
    assert proc is None and url == ""
    assert "已被占用" in capsys.readouterr().err


def test_a_port_left_in_time_wait_by_a_stopped_lab_counts_as_free():
    """Restarting serve right after using the lab: the old lab's port lingers in TIME_WAIT."""
    import socket

    from tiaojie.serving.lab import port_free

    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as JupyterLab's (Tornado's) listener
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    served, _ = listener.accept()
    served.close()               # the server side closes first, so its port goes to TIME_WAIT
    listener.close()
    client.close()
    assert port_free(port)
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        assert not port_free(busy.getsockname()[1])   # a live listener still counts as taken
    finally:
        busy.close()


def test_the_lab_port_cannot_be_the_apps_port():
    from tiaojie.core.errors import ConfigError
    from tiaojie.serving.server import ServeOptions

    with pytest.raises(ConfigError) as err:
        ServeOptions(port=8888, lab_port=8888).check()
    assert err.value.field == "lab_port" and "相同" in err.value.message
    ServeOptions(port=8888, lab_port=None).check()      # --no-lab
    ServeOptions(port=8890, lab_port=8888).check()


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGHUP, signal.SIGKILL], ids=["terminal-closed", "killed"])
def test_closing_the_terminal_or_killing_serve_stops_the_apps_and_the_lab(tmp_path, how):
    settings = get_settings()
    port, lab_port = free_port(), free_port()
    with (tmp_path / "serve.log").open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "tiaojie.cli", "serve", f"--port={port}",
                                 f"--lab-port={lab_port}"], env=settings.child_env(), stdout=log,
                                stderr=subprocess.STDOUT)
        wait_until_up(proc, f"http://127.0.0.1:{port}/", log.name, "tiaojie serve", timeout=180)
        children = psutil.Process(proc.pid).children(recursive=True)
        assert any(p.pid for p in children if any(part.endswith("jupyter-lab") for part in p.cmdline()))
        os.kill(proc.pid, how)
        assert proc.wait(timeout=60) == (0 if how == signal.SIGHUP else -signal.SIGKILL)
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, [p.cmdline() for p in alive]


def test_the_owner_of_a_loopback_connection_is_read_from_the_kernel():
    import socket

    from tiaojie.serving.peer import peer_uid

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    served, _ = listener.accept()
    try:
        assert peer_uid(client.getsockname(), listener.getsockname()) == os.geteuid()
        assert peer_uid(("127.0.0.1", 1), listener.getsockname()) is None      # no such connection
    finally:
        for s in (client, served, listener):
            s.close()


@pytest.mark.slow
def test_a_class_with_logins_gets_no_companion_lab(tmp_path):
    from tiaojie.serving import process

    users = process.users_file(tmp_path / "users.yaml", {"学员甲某": ("trainee", "pw-a")})
    port, lab_port = free_port(), free_port()
    with (tmp_path / "serve.log").open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "tiaojie.cli", "serve", f"--port={port}",
                                 f"--lab-port={lab_port}", f"--users={users}"], env=get_settings().child_env(),
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(proc, f"http://127.0.0.1:{port}/login", log.name, "tiaojie serve", timeout=180)
            children = psutil.Process(proc.pid).children(recursive=True)
            assert not [p for p in children if any(part.endswith("jupyter-lab") for part in p.cmdline())]
            from tiaojie.serving.lab import port_free

            assert port_free(lab_port)
        finally:
            stop(proc)
