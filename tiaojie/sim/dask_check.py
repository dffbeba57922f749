"""Checking a ``--dask`` address before use: any bad address is one line naming ``--dask``.

Three kinds of bad address are caught in turn, each within seconds:
1. malformed (no port, not ``[tcp://]host:port``) — parsed here;
2. nothing listening — a plain TCP connection with a short timeout;
3. something that is not a Dask scheduler (a web server, another service) — a Dask client
   tries to connect **in a child process** killed after ``PROBE_SECONDS``, so a listener that
   never answers, or answers bytes Dask reads as a frame of exabytes, cannot hang or crash
   this process, nor leave a half-open client that delays its exit.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys

from ..rules import TiaojieError

CONNECT_SECONDS = 3.0
PROBE_SECONDS = 20.0
_ADDRESS = re.compile(r"^(?:(tcp|tls)://)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9._-]+):(\d{1,5})$")
_PROBE = ("import sys\nfrom distributed import Client\n"
          "c = Client(sys.argv[1], timeout='10s', set_as_default=False)\n"
          "print(c.scheduler_info()['type'])\nc.close()\n")


class DaskUnavailable(TiaojieError):
    pass


def parse_address(address: str) -> tuple[str, int]:
    m = _ADDRESS.match(address.strip())
    if not m or not 0 < int(m.group(3)) < 65536:
        raise DaskUnavailable(f"--dask {address}：地址应为 tcp://主机:端口，如 tcp://10.0.0.5:8786"
                              "（expected tcp://host:port）")
    return m.group(2).strip("[]"), int(m.group(3))


def check_dask_address(address: str) -> None:
    """Raise :class:`DaskUnavailable` (one line naming --dask) unless a Dask scheduler answers."""
    host, port = parse_address(address)
    try:
        with socket.create_connection((host, port), timeout=CONNECT_SECONDS):
            pass
    except OSError as exc:
        reason = "连接被拒绝，没有服务在监听" if isinstance(exc, ConnectionRefusedError) else f"无法连接（{exc.__class__.__name__}）"
        raise DaskUnavailable(f"--dask {address}：{reason}（nothing listening）") from None
    try:
        r = subprocess.run([sys.executable, "-c", _PROBE, address], capture_output=True, text=True,
                           timeout=PROBE_SECONDS)
    except subprocess.TimeoutExpired:
        raise DaskUnavailable(f"--dask {address}：{PROBE_SECONDS:.0f} 秒内没有 Dask 调度器应答"
                              "（not a Dask scheduler）") from None
    if r.returncode != 0 or "Scheduler" not in r.stdout:
        raise DaskUnavailable(f"--dask {address}：该地址上的服务不是 Dask 调度器（not a Dask scheduler）")
