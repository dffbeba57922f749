"""Bad --dask addresses: one line naming --dask, non-zero exit, within 30 s, no traceback, no hang
(the real command in a child process, so a hang at exit would be seen)."""

import os
import socket
import subprocess
import sys
import threading
import time

import pytest

LIMIT = 30.0
CMD = [sys.executable, "-c", "from tiaojie.cli.main import cli; cli()", "simulate", "mmc",
       "--arrival-rate", "4", "--service-rate", "1", "--servers", "5", "--customers", "500",
       "--replications", "2", "--dask"]


def _run(address):
    t = time.monotonic()
    r = subprocess.run(CMD + [address], capture_output=True, text=True, timeout=LIMIT + 15, env=os.environ)
    return r, time.monotonic() - t


def _check(r, took):
    lines = [x for x in r.stderr.splitlines() if x.strip() and "it/s" not in x and "M/M/c" not in x]
    assert r.returncode != 0
    assert took < LIMIT
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    assert len(lines) == 1 and "--dask" in lines[0], r.stderr


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_address_without_a_port():
    _check(*_run("tcp://127.0.0.1"))


def test_nothing_listening():
    _check(*_run(f"tcp://127.0.0.1:{_free_port()}"))


@pytest.fixture
def listener(request):
    """A TCP service that is not Dask: silent, or answering like a web server."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    stop = threading.Event()
    conns = []

    def serve():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                c, _ = srv.accept()
            except OSError:
                continue
            conns.append(c)
            if request.param == "http":
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" + b"\xff" * 64)

    th = threading.Thread(target=serve, daemon=True)
    th.start()
    yield f"tcp://127.0.0.1:{srv.getsockname()[1]}"
    stop.set()
    th.join()
    for c in conns:
        c.close()
    srv.close()


@pytest.mark.slow
@pytest.mark.parametrize("listener", ["silent", "http"], indirect=True)
def test_a_listener_that_is_not_dask(listener):
    _check(*_run(listener))
